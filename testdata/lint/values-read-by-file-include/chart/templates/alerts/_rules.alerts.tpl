- alert: Example
  labels:
    tier: {{ .Values.alerts.tier }}
