{{- /*
Each service's non-secret settings are the data of its ConfigMap (configmaps.yaml), given to its
containers with envFrom and hashed into the pods' checksum/config annotation, so the pods restart
when a setting changes. Secrets (the HSM PIN, the database and Redis URLs) are never in a ConfigMap:
they stay secretKeyRefs to existing Secrets in the containers' env (cz.secretEnv).
*/}}

{{- /* key: "value" lines of a dict, sorted by key. */}}
{{- define "cz.configData" -}}
{{- range $name, $value := . }}
{{- /* YAML numbers arrive as float64: whole ones are written without an exponent (1000000, not 1e+06). */}}
{{- if and (kindIs "float64" $value) (eq $value (float64 (int64 $value))) }}
{{ $name }}: {{ int64 $value | toString | quote }}
{{- else }}
{{ $name }}: {{ toString $value | quote }}
{{- end }}
{{- end }}
{{- end }}

{{- /* What every service reads: the HSM module and token, the OIDC issuer, the vendor's variables, the private CA. */}}
{{- define "cz.commonConfig" -}}
{{- $config := dict "CZ_HSM_MODULE" .Values.hsm.modulePath "CZ_HSM_TOKEN" .Values.hsm.tokenLabel "CZ_OIDC_ISSUER" .Values.oidc.issuer "CZ_OIDC_JWKS_URL" .Values.oidc.jwksUrl }}
{{- range $name, $value := .Values.hsm.client.env }}
{{- $_ := set $config $name $value }}
{{- end }}
{{- if include "cz.caBundleEnabled" . }}
{{- $_ := set $config "NODE_EXTRA_CA_CERTS" (printf "/etc/citizen-zero/ca/%s" .Values.caBundle.key) }}
{{- end }}
{{- toJson $config }}
{{- end }}

{{- /* The enabled web apps' origins (https://<host>), comma-separated: the services' CORS allow-list (CZ_CORS_ORIGINS). */}}
{{- define "cz.webAppOrigins" -}}
{{- $origins := list }}
{{- range $name, $app := .Values.webApps }}
{{- if $app.enabled }}
{{- $origins = append $origins (printf "https://%s" (required (printf "webApps.%s.host is required" $name) $app.host)) }}
{{- end }}
{{- end }}
{{- join "," $origins }}
{{- end }}

{{- /* (dict "root" $ "service" "identity" "settings" (dict …)): common + service settings + <service>.config from values. */}}
{{- define "cz.serviceConfig" -}}
{{- $config := mergeOverwrite (include "cz.commonConfig" .root | fromJson) .settings }}
{{- with include "cz.webAppOrigins" .root }}
{{- $_ := set $config "CZ_CORS_ORIGINS" . }}
{{- end }}
{{- range $name, $value := (index .root.Values .service).config }}
{{- if regexMatch "(PIN|PASSWORD|SECRET|DATABASE_URL|REDIS_URL)$" $name }}
{{- fail (printf "%s.config.%s looks like a secret: secrets come from existing Secrets, never from a ConfigMap" $.service $name) }}
{{- end }}
{{- $_ := set $config $name $value }}
{{- end }}
{{- include "cz.configData" $config }}
{{- end }}

{{- define "cz.identityConfig" -}}
{{- include "cz.serviceConfig" (dict "root" . "service" "identity" "settings" (dict
  "CZ_OIDC_AUDIENCE" "urn:citizen-zero:identity"
  "CZ_IDENTITY_PUBLIC_URL" .Values.identity.publicUrl
  "CZ_IDENTITY_MDOC_KEY_LABEL" .Values.identity.mdocKeyLabels
  "CZ_IDENTITY_MDOC_CERTIFICATE" .Values.identity.mdocCertificates
  "CZ_IDENTITY_SEAL_KEY_LABEL" .Values.identity.sealKeyLabel
  "CZ_IDENTITY_SEAL_CERTIFICATE" .Values.identity.sealCertificate)) }}
{{- end }}

{{- define "cz.biometricConfig" -}}
{{- include "cz.serviceConfig" (dict "root" . "service" "biometric" "settings" (dict
  "CZ_BIOMETRIC_OIDC_AUDIENCE" "urn:citizen-zero:biometric"
  "CZ_FACE_MODELS_DIR" "/app/models"
  "CZ_FACE_GALLERY_INDEX" .Values.biometric.galleryIndex)) }}
{{- end }}

{{- define "cz.verificationConfig" -}}
{{- include "cz.serviceConfig" (dict "root" . "service" "verification" "settings" (dict
  "CZ_VERIFICATION_OIDC_AUDIENCE" "urn:citizen-zero:verification"
  "CZ_VERIFICATION_PUBLIC_URL" .Values.verification.publicUrl
  "CZ_STATUS_LIST_HOSTS" .Values.verification.statusListHosts
  "CZ_VERIFICATION_BUNDLE_KEY_LABEL" .Values.verification.bundleKeyLabel
  "CZ_VERIFICATION_BUNDLE_CERTIFICATE" .Values.verification.bundleCertificate
  "CZ_RELAY_CONNECTIONS_PER_MINUTE" .Values.verification.relay.connectionsPerMinute
  "CZ_VERIFICATION_READER_CA_KEY_LABEL" .Values.verification.readerCa.keyLabel
  "CZ_VERIFICATION_READER_CA_CERTIFICATE" .Values.verification.readerCa.certificate)) }}
{{- end }}

{{- /* One env entry from an existing Secret: (dict "name" "CZ_HSM_PIN" "ref" .Values.hsm.pinSecret). */}}
{{- define "cz.secretEnv" -}}
- name: {{ .name }}
  valueFrom: { secretKeyRef: { name: {{ required (printf "the Secret name for %s is required" .name) .ref.name | quote }}, key: {{ required (printf "the Secret key for %s is required" .name) .ref.key | quote }} } }
{{- end }}

{{- /* A service's secrets: (dict "root" $ "database" "CZ_IDENTITY_DATABASE_URL" "databaseSecret" .Values.postgres.identityUrlSecret). */}}
{{- define "cz.serviceSecretEnv" -}}
{{ include "cz.secretEnv" (dict "name" "CZ_HSM_PIN" "ref" .root.Values.hsm.pinSecret) }}
{{ include "cz.secretEnv" (dict "name" .database "ref" .databaseSecret) }}
{{ include "cz.secretEnv" (dict "name" "CZ_REDIS_URL" "ref" .root.Values.redis.urlSecret) }}
{{- end }}

{{- define "cz.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . | quote }}
  {{- end }}
{{- end }}
{{- end }}
