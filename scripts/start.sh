#!/usr/bin/env bash
# `make start`: the directory service on demo data and the plugin preview in front of it.
# Prints the preview's address; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ensure_deps

# One fixed secret shared by both, for development only (the service refuses short ones).
export DIRECTORY_SHARED_SECRET="${DIRECTORY_SHARED_SECRET:-development-preview-shared-secret-not-for-production}"
SERVICE_PORT="${PORT:-4100}"
PREVIEW_PORT="${PREVIEW_PORT:-4200}"

logs="$(mktemp -d)"
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$logs"
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# Waits for the "<name> listening on <url>" line a server prints on stdout; echoes the url.
wait_for_url() {
  local file="$1" pid="$2" name="$3" url=""
  for _ in $(seq 1 600); do
    url="$(sed -n 's/.*listening on \(http:\/\/[^ ]*\).*/\1/p' "$file" | head -1)"
    if [ -n "$url" ]; then echo "$url"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$name stopped before listening (see above)" >&2; return 1; fi
    sleep 0.1
  done
  echo "$name did not start within 60 s" >&2
  return 1
}

# Development stand-ins (dev/): a mail sink that keeps what the service sends, and a local
# OpenID Provider in place of ProConnect. The service is pointed at both.
export PROCONNECT_CLIENT_ID="annuaire-emancipasso-dev"
export PROCONNECT_CLIENT_SECRET="development-client-secret-not-for-production"
export PROCONNECT_REDIRECT_URI="${PROCONNECT_REDIRECT_URI:-http://127.0.0.1:$PREVIEW_PORT/annuaire/reference/proconnect/callback}"
# The links in the mails (the referees' questionnaires) point to the preview, the forum here.
export DIRECTORY_FORUM_URL="${DIRECTORY_FORUM_URL:-http://127.0.0.1:$PREVIEW_PORT}"
node --import tsx dev/mail-sink.ts > "$logs/mail" &
pids+=("$!")
mail_url="$(wait_for_url "$logs/mail" "${pids[-1]}" "the mail sink")"
node --import tsx dev/openid-provider.ts > "$logs/op" &
pids+=("$!")
op_url="$(wait_for_url "$logs/op" "${pids[-1]}" "the OpenID provider")"
export SMTP_URL="$(sed -n 's/.*smtp on \(smtp:\/\/[^ ]*\).*/\1/p' "$logs/mail" | head -1)"
export MAIL_FROM="Emancip'Asso <annuaire@localhost.localdomain>" PROCONNECT_ISSUER="$op_url"

# The database: DIRECTORY_DB when set, else the service's default,
# directory-service/data/directory.sqlite (relative paths are read from directory-service/).
# Its request log (JSON lines on stderr) only from warnings up, unless LOG_LEVEL says otherwise.
NODE_ENV=development DIRECTORY_SEED=demo PORT="$SERVICE_PORT" HOST=127.0.0.1 \
  LOG_LEVEL="${LOG_LEVEL:-warn}" \
  node --import tsx directory-service/src/cli.ts serve > "$logs/service" &
pids+=("$!")
service_url="$(wait_for_url "$logs/service" "${pids[-1]}" "the directory service")"
echo "directory service: $service_url"
database="${DIRECTORY_DB:-data/directory.sqlite}"
case "$database" in /*) ;; *) database="directory-service/$database" ;; esac
# A sample co-funding request with a few pledges and a quote from the team of a listed
# provider (« Membre prestataire » in the user switcher, listed through vetting and review
# first), through the service's API (idempotent).
node --import tsx preview/seed-cofunding.ts "$service_url" "$database" || echo "co-funding sample not seeded"

# Applications for the moderator to review ("sacha" in the user switcher): two structures
# apply through the service's API and their referees answer (preview/review-demo.ts). Once
# per database; the preview still starts if this fails.
node --import tsx preview/review-demo.ts "$service_url" "$database" ||
  echo "(les candidatures de démonstration n'ont pas pu être créées / demo applications not created)"

NODE_ENV=development DIRECTORY_URL="$service_url" PREVIEW_PORT="$PREVIEW_PORT" \
  PREVIEW_MAIL_SINK_URL="$mail_url" \
  node --import tsx preview/server.ts > "$logs/preview" &
pids+=("$!")
preview_url="$(wait_for_url "$logs/preview" "${pids[-1]}" "the preview")"

echo
echo "  Aperçu du plugin / plugin preview: $preview_url/annuaire"
echo "  Modération / review queue (« sacha »): $preview_url/annuaire/moderation"
echo "  Financement mutualisé / co-funding:  $preview_url/t/financement-exemple/4242"
echo "  Courriels reçus / mail sink:        $mail_url"
echo "  Fournisseur OpenID / OpenID provider: $op_url"
echo "  (Ctrl-C pour arrêter / to stop)"
echo
wait -n "${pids[@]}" || true
