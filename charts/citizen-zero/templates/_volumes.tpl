{{- /*
The services' pod volumes: the HSM vendor's PKCS#11 module (hsm.module.source: hostPath, image, csi
or none), the HSM client's configuration and credentials (an existing Secret or a CSI volume), the
public certificates (DS, seal, trust-list signer), an optional private CA bundle, and /tmp. All but
/tmp are read-only.
*/}}

{{- define "cz.caBundleEnabled" -}}
{{- if and .Values.caBundle.configMap .Values.caBundle.secret }}
{{- fail "caBundle: set configMap or secret, not both" }}
{{- end }}
{{- if or .Values.caBundle.configMap .Values.caBundle.secret }}true{{ end }}
{{- end }}

{{- define "cz.hsmClientEnabled" -}}
{{- if and .Values.hsm.client.secretName .Values.hsm.client.csi }}
{{- fail "hsm.client: set secretName or csi, not both" }}
{{- end }}
{{- if or .Values.hsm.client.secretName .Values.hsm.client.csi }}true{{ end }}
{{- end }}

{{- /* A CSIVolumeSource from values, always read-only: (dict "csi" … "what" "hsm.module.csi"). */}}
{{- define "cz.readOnlyCsi" -}}
{{- $_ := required (printf "%s.driver is required" .what) (index .csi "driver") }}
{{- toYaml (set (deepCopy .csi) "readOnly" true) }}
{{- end }}

{{- define "cz.volumes" -}}
volumes:
  {{- $module := .Values.hsm.module }}
  {{- if eq $module.source "hostPath" }}
  - name: hsm-module
    hostPath: { path: {{ $module.hostPath | quote }}, type: Directory }
  {{- else if eq $module.source "image" }}
  - name: hsm-module
    image: { reference: {{ required "hsm.module.image.reference is required with hsm.module.source: image" $module.image.reference | quote }}, pullPolicy: {{ $module.image.pullPolicy }} }
  {{- else if eq $module.source "csi" }}
  - name: hsm-module
    csi: {{- include "cz.readOnlyCsi" (dict "csi" $module.csi "what" "hsm.module.csi") | nindent 6 }}
  {{- else if ne $module.source "none" }}
  {{- fail (printf "hsm.module.source must be hostPath, image, csi or none, not %q" $module.source) }}
  {{- end }}
  {{- if include "cz.hsmClientEnabled" . }}
  - name: hsm-client
    {{- if .Values.hsm.client.secretName }}
    # 0440: readable by the pod's group (fsGroup 10001) only.
    secret: { secretName: {{ .Values.hsm.client.secretName | quote }}, defaultMode: 288 }
    {{- else }}
    csi: {{- include "cz.readOnlyCsi" (dict "csi" .Values.hsm.client.csi "what" "hsm.client.csi") | nindent 6 }}
    {{- end }}
  {{- end }}
  - name: certificates
    configMap: { name: {{ .Values.identity.certificatesConfigMap }} }
  {{- if include "cz.caBundleEnabled" . }}
  - name: ca-bundle
    {{- $items := list (dict "key" .Values.caBundle.key "path" .Values.caBundle.key) }}
    {{- if .Values.caBundle.configMap }}
    configMap: { name: {{ .Values.caBundle.configMap | quote }}, items: {{ toJson $items }} }
    {{- else }}
    secret: { secretName: {{ .Values.caBundle.secret | quote }}, items: {{ toJson $items }} }
    {{- end }}
  {{- end }}
  - name: tmp
    emptyDir: {}
{{- end }}

{{- define "cz.volumeMounts" -}}
volumeMounts:
  {{- if ne .Values.hsm.module.source "none" }}
  - { name: hsm-module, mountPath: {{ .Values.hsm.module.mountPath | quote }}, readOnly: true }
  {{- end }}
  {{- if include "cz.hsmClientEnabled" . }}
  - { name: hsm-client, mountPath: {{ .Values.hsm.client.mountPath | quote }}, readOnly: true }
  {{- end }}
  - { name: certificates, mountPath: /etc/citizen-zero/pki, readOnly: true }
  {{- if include "cz.caBundleEnabled" . }}
  - { name: ca-bundle, mountPath: /etc/citizen-zero/ca, readOnly: true }
  {{- end }}
  - { name: tmp, mountPath: /tmp }
{{- end }}
