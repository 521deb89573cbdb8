{{- /*
Helpers for networkpolicies.yaml, autoscaling.yaml and poddisruptionbudgets.yaml.
*/}}

{{- /* "true" when the monitor service is part of the release: a `monitor` section in values whose `enabled` is not false. */}}
{{- define "cz.monitorEnabled" -}}
{{- $monitor := index .Values "monitor" }}
{{- if and (kindIs "map" $monitor) (ne (toString (index $monitor "enabled")) "false") }}true{{ end }}
{{- end }}

{{- /* The fewest replicas a Deployment runs: (dict "replicas" n "autoscaling" {enabled, minReplicas} or nil). */}}
{{- define "cz.minReplicas" -}}
{{- if and .autoscaling .autoscaling.enabled }}{{ int .autoscaling.minReplicas }}{{ else }}{{ int .replicas }}{{ end }}
{{- end }}

{{- /*
One NetworkPolicy rule: (dict "what" "postgres.networkPolicy" "direction" "to" "ports" […] "peers" […]).
No peers: no rule (nothing allowed), never a rule without peers, which would allow every address;
no ports is refused, as it would allow every port.
*/}}
{{- define "cz.rule" -}}
{{- if .peers }}
{{- if not .ports }}
{{- fail (printf "%s: ports is empty, which would allow every port" .what) }}
{{- end -}}
- ports: {{- toYaml .ports | nindent 4 }}
  {{ .direction }}: {{- toYaml .peers | nindent 4 }}
{{- end }}
{{- end }}

{{- /*
The NetworkPolicy of one workload: (dict "root" $ "name" "identity" "from" [peers allowed to its http port] "egress" [(dict "what" "ports" "to")]).
*/}}
{{- define "cz.networkPolicy" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .name }}
  labels: {{- include "cz.labels" .root | nindent 4 }}
spec:
  podSelector: { matchLabels: { app.kubernetes.io/name: {{ .name }} } }
  policyTypes: [Ingress, Egress]
  {{- if .from }}
  ingress:
    {{- include "cz.rule" (dict "what" (printf "%s ingress" .name) "direction" "from" "ports" (list (dict "port" "http" "protocol" "TCP")) "peers" .from) | nindent 4 }}
  {{- else }}
  ingress: []
  {{- end }}
  egress:
    {{- range .egress }}
    {{- include "cz.rule" (dict "what" .what "direction" "to" "ports" .ports "peers" .to) | nindent 4 }}
    {{- end }}
{{- end }}
