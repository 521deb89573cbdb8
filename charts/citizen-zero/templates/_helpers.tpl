{{- define "cz.labels" -}}
app.kubernetes.io/part-of: citizen-zero
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{- define "cz.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile: { type: RuntimeDefault }
{{- end }}

{{- define "cz.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities: { drop: [ALL] }
{{- end }}

{{- define "cz.hsmEnv" -}}
- { name: CZ_HSM_MODULE, value: {{ .Values.hsm.modulePath | quote }} }
- { name: CZ_HSM_TOKEN, value: {{ .Values.hsm.tokenLabel | quote }} }
- name: CZ_HSM_PIN
  valueFrom: { secretKeyRef: { name: {{ .Values.hsm.pinSecret.name }}, key: {{ .Values.hsm.pinSecret.key }} } }
{{- end }}

{{- define "cz.identityEnv" -}}
{{ include "cz.hsmEnv" . }}
- name: CZ_IDENTITY_DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ .Values.postgres.identityUrlSecret.name }}, key: {{ .Values.postgres.identityUrlSecret.key }} } }
- { name: CZ_REDIS_URL, value: {{ .Values.redis.url | quote }} }
- { name: CZ_OIDC_ISSUER, value: {{ .Values.oidc.issuer | quote }} }
- { name: CZ_OIDC_JWKS_URL, value: {{ .Values.oidc.jwksUrl | quote }} }
- { name: CZ_OIDC_AUDIENCE, value: "urn:citizen-zero:identity" }
- { name: CZ_IDENTITY_PUBLIC_URL, value: {{ .Values.identity.publicUrl | quote }} }
- { name: CZ_IDENTITY_MDOC_KEY_LABEL, value: {{ .Values.identity.mdocKeyLabels | quote }} }
- { name: CZ_IDENTITY_MDOC_CERTIFICATE, value: {{ .Values.identity.mdocCertificates | quote }} }
- { name: CZ_IDENTITY_SEAL_KEY_LABEL, value: {{ .Values.identity.sealKeyLabel | quote }} }
- { name: CZ_IDENTITY_SEAL_CERTIFICATE, value: {{ .Values.identity.sealCertificate | quote }} }
{{- end }}

{{- define "cz.biometricEnv" -}}
{{ include "cz.hsmEnv" . }}
- name: CZ_BIOMETRIC_DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ .Values.postgres.biometricUrlSecret.name }}, key: {{ .Values.postgres.biometricUrlSecret.key }} } }
- { name: CZ_REDIS_URL, value: {{ .Values.redis.url | quote }} }
- { name: CZ_OIDC_ISSUER, value: {{ .Values.oidc.issuer | quote }} }
- { name: CZ_OIDC_JWKS_URL, value: {{ .Values.oidc.jwksUrl | quote }} }
- { name: CZ_BIOMETRIC_OIDC_AUDIENCE, value: "urn:citizen-zero:biometric" }
- { name: CZ_BIOMETRIC_HOST, value: "0.0.0.0" }
- { name: CZ_BIOMETRIC_PORT, value: "3200" }
- { name: CZ_FACE_MODELS_DIR, value: "/app/models" }
- { name: CZ_FACE_GALLERY_INDEX, value: {{ .Values.biometric.galleryIndex | quote }} }
{{- end }}

{{- define "cz.volumes" -}}
volumes:
  - name: hsm-module
    hostPath: { path: {{ .Values.hsm.moduleVolume.hostPath }}, type: Directory }
  - name: certificates
    configMap: { name: {{ .Values.identity.certificatesConfigMap }} }
  - name: tmp
    emptyDir: {}
{{- end }}

{{- define "cz.volumeMounts" -}}
volumeMounts:
  - { name: hsm-module, mountPath: /opt/hsm, readOnly: true }
  - { name: certificates, mountPath: /etc/citizen-zero/pki, readOnly: true }
  - { name: tmp, mountPath: /tmp }
{{- end }}
