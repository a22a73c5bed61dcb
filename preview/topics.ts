// The preview's stand-in for Discourse's topic creation, for the co-funding request form:
// POST /posts (form-encoded title, raw, category, as core's composer sends them;
// PostsController#create in app/controllers/posts_controller.rb answers with the new post and
// its topic_id) keeps the topic in memory and answers its id; GET /preview/topics/<id>.json
// gives the preview's topic page what it shows: the topic and its posts, each with its
// poster (the sample request has a reply from the team of the demo's listed provider, so the
// vetting chip shows after that poster's name). Honest limits: nothing is cooked, nothing is
// stored beyond the preview's life, no replying, no Discourse validation (title length,
// similar topics).
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import {
  PREVIEW_COFUNDING_CATEGORY_ID,
  SAMPLE_AUTHOR,
  SAMPLE_COFUNDING_TOPIC_ID,
  SAMPLE_COFUNDING_TOPIC_SLUG,
  sampleCampaign,
} from "./cofunding-demo.ts";
import { sendError } from "./proxy.ts";
import { DEMO_LISTED_PROVIDER } from "./review-demo.ts";

/** A post as the topic page reads it (a few of Discourse's post fields). */
export interface PreviewPost {
  id: number;
  post_number: number;
  user_id: number;
  username: string;
  raw: string;
}

export interface PreviewTopic {
  id: number;
  slug: string;
  title: string;
  raw: string;
  category_id: number;
  user_id: number;
  username: string;
  posts: PreviewPost[];
}

const NewTopic = z.object({
  title: z.string().trim().min(1).max(255),
  raw: z.string().trim().min(1).max(32_000),
  category: z.coerce.number().int().positive(),
});

const sample = sampleCampaign(SAMPLE_COFUNDING_TOPIC_ID, "");

const topics = new Map<number, PreviewTopic>([
  [
    SAMPLE_COFUNDING_TOPIC_ID,
    {
      id: SAMPLE_COFUNDING_TOPIC_ID,
      slug: SAMPLE_COFUNDING_TOPIC_SLUG,
      title: sample.title,
      raw: sample.need,
      category_id: PREVIEW_COFUNDING_CATEGORY_ID,
      user_id: SAMPLE_AUTHOR.id,
      username: SAMPLE_AUTHOR.username,
      posts: [
        {
          id: SAMPLE_COFUNDING_TOPIC_ID * 10,
          post_number: 1,
          user_id: SAMPLE_AUTHOR.id,
          username: SAMPLE_AUTHOR.username,
          raw: sample.need,
        },
        // A member of the team of the demo's listed provider, which quoted for the request
        // (preview/cofunding-demo.ts): the plugin's vetting chip follows this poster's name.
        {
          id: SAMPLE_COFUNDING_TOPIC_ID * 10 + 1,
          post_number: 2,
          user_id: DEMO_LISTED_PROVIDER.user.id,
          username: DEMO_LISTED_PROVIDER.user.username,
          raw:
            `Bonjour ! Nous sommes ${DEMO_LISTED_PROVIDER.name}, à ${DEMO_LISTED_PROVIDER.city}. ` +
            "Nous avons proposé un devis ci-dessus : l'export FEC, ses tests et sa documentation, " +
            "avec une proposition fusionnée en amont dans Paheko. Nous répondons volontiers à vos questions.",
        },
      ],
    },
  ],
]);
let nextId = 10_000;

function slugify(title: string): string {
  const slug = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return slug || "topic";
}

export async function createTopic(
  req: IncomingMessage,
  res: ServerResponse,
  user: { id: number; username: string } | null
): Promise<void> {
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 64_000) {
      sendError(
        res,
        413,
        "payload_too_large",
        "The request body is too large."
      );
      return;
    }
  }
  if (!user) {
    sendError(res, 403, "forbidden", "Sign in to create a topic.");
    return;
  }
  const parsed = NewTopic.safeParse(
    Object.fromEntries(new URLSearchParams(text))
  );
  if (!parsed.success) {
    sendError(
      res,
      422,
      "bad_request",
      "A topic needs a title, a body and a category."
    );
    return;
  }
  const id = nextId++;
  const topic: PreviewTopic = {
    id,
    slug: slugify(parsed.data.title),
    title: parsed.data.title,
    raw: parsed.data.raw,
    category_id: parsed.data.category,
    user_id: user.id,
    username: user.username,
    posts: [
      {
        id: id * 10,
        post_number: 1,
        user_id: user.id,
        username: user.username,
        raw: parsed.data.raw,
      },
    ],
  };
  topics.set(id, topic);
  sendJson(res, 200, {
    id: id * 10,
    topic_id: id,
    topic_slug: topic.slug,
    post_number: 1,
  });
}

export function showTopic(res: ServerResponse, id: number): void {
  const topic = topics.get(id);
  if (!topic) {
    sendError(res, 404, "not_found", "No such topic.");
    return;
  }
  sendJson(res, 200, topic);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}
