#!/usr/bin/env bash
# The README's first command (`npm start`): installs what is missing, then brings up the
# platform in the local data dir (.cz/, or CZ_DATA_DIR): a development key ceremony on a SoftHSM2
# token (IACA root, document signer, seal signer, record-encryption and blind-index keys, trust
# list), a demo mDL and national ID issued and verified with the console, and then PostgreSQL,
# Redis, the development identity provider, the identity service (API and worker) and the
# verification service, with demo data seeded once. Running it again reuses everything;
# `npm run stop` stops what it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-dependencies.sh"
cz_ensure_dependencies
cd "$CZ_ROOT"

export CZ_DATA_DIR="${CZ_DATA_DIR:-$CZ_ROOT/.cz}"
mkdir -p "$CZ_DATA_DIR"
# Traversable but not listable: PostgreSQL (run as the postgres user) keeps its cluster inside.
chmod 711 "$CZ_DATA_DIR"

# Development PINs, generated once and kept beside the SoftHSM2 token they unlock. A production
# HSM's PINs are held by the security officers and typed at the prompt (or injected by the
# secret store), never written to disk.
secrets="$CZ_DATA_DIR/dev-secrets.env"
if [ ! -f "$secrets" ]; then
  umask 077
  printf 'CZ_HSM_SO_PIN=%s\nCZ_HSM_PIN=%s\n' "$(openssl rand -hex 12)" "$(openssl rand -hex 12)" > "$secrets"
  cz_log "development HSM PINs generated in $secrets (mode 600)"
fi
set -a; source "$secrets"; set +a

cz() { node "$CZ_ROOT/apps/console/bin/cz.cjs" "$@"; }
pki="$CZ_DATA_DIR/pki"

cz_log "key ceremony (development): HSM token, IACA root, document signer"
cz hsm init --if-missing
[ -f "$pki/iaca/iaca.pem" ] || cz iaca create --country UT --organization "Republic of Utopia" --common-name "Utopia IACA (development)"
[ -f "$pki/ds/ds.pem" ] || cz ds issue --label ds --common-name "Utopia Document Signer (development)"
[ -f "$pki/ds/seal.pem" ] || cz ds issue --label seal --common-name "Utopia Document Seal Signer (development)"
[ -f "$pki/ds/trust-list-signer.pem" ] || cz ds issue --label trust-list-signer --common-name "Utopia Trust List Signer (development)"
cz hsm keygen --if-missing --type aes --label identity-kek-1
cz hsm keygen --if-missing --type hmac --label identity-blind-index-1
cz hsm keygen --if-missing --type aes --label biometric-kek-1
cz hsm keygen --if-missing --type hmac --label biometric-gallery-rotation-1
cz trust export --out "$CZ_DATA_DIR/trust-list.pem"
cz hsm keys

demo="$CZ_DATA_DIR/demo"
cz_log "issuing a demo mDL and national ID, signed in the HSM"
cz mdoc issue --claims apps/console/demo/mdl-claims.json --out "$demo/mdl"
cz mdoc issue --doctype eu.europa.ec.eudi.pid.1 --claims apps/console/demo/pid-claims.json --out "$demo/national-id"

cz_log "verifying them as a relying party would (ISO/IEC 18013-5 §9.3)"
cz mdoc verify "$demo/mdl/device-response.cbor" --trust "$CZ_DATA_DIR/trust-list.pem"
cz mdoc verify "$demo/national-id/device-response.cbor" --trust "$CZ_DATA_DIR/trust-list.pem"

cz_log "face models: converting the pinned weights to ONNX (hash-checked against the committed manifest)"
npx --no-install tsx tools/face-model-converter/src/main.ts >/dev/null

cz_log "starting the platform services"
npx --no-install tsx tools/platform/src/platform.ts start

cat <<DONE
  key ceremony   $CZ_DATA_DIR/pki (certificates), token "citizen-zero" in $CZ_DATA_DIR/softhsm
  trust list     $CZ_DATA_DIR/trust-list.pem
  demo mDL       $demo/mdl/device-response.cbor   (verify: npx cz mdoc verify … --trust $CZ_DATA_DIR/trust-list.pem)
  the console    npx cz --help   (with: set -a; source $secrets; set +a)
Citizen Zero is up.
DONE
