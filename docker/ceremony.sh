#!/bin/sh
# Development key ceremony for the compose stack (idempotent): token, IACA, document signers,
# reader CA, record- and template-encryption keys, blind-index and gallery-rotation keys, trust list. Production ceremonies are run by security
# officers with `cz` against the real HSM, following the ceremony script of the deployment.
set -eu
cz() { node apps/console/bin/cz.cjs "$@"; }
pki="$CZ_DATA_DIR/pki"
cz hsm init --if-missing
[ -f "$pki/iaca/iaca.pem" ] || cz iaca create --country UT --organization "Republic of Utopia" --common-name "Utopia IACA (development)"
for label in ds seal trust-list-signer; do
  [ -f "$pki/ds/$label.pem" ] || cz ds issue --label "$label" --common-name "Utopia $label (development)"
done
cz reader-ca create --if-missing --country UT --organization "Republic of Utopia" --common-name "Utopia Reader CA (development)"
cz hsm keygen --if-missing --type aes --label identity-kek-1
cz hsm keygen --if-missing --type hmac --label identity-blind-index-1
cz hsm keygen --if-missing --type aes --label biometric-kek-1
cz hsm keygen --if-missing --type hmac --label biometric-gallery-rotation-1
cz trust export --out "$CZ_DATA_DIR/trust-list.pem"
