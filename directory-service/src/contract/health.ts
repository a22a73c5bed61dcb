import { z } from "zod";

export const Health = z.object({
  status: z.enum(["ok", "unavailable"]),
  version: z.string(),
  schema_version: z.number().int().nullable(),
});

export type Health = z.infer<typeof Health>;
