# sandbox: svenska

## src/sandbox/resurs/launcher.rs: starting the Resurs sandbox as its own process
sandbox-port-invalid = VERKSTAD_SANDBOX_PORT="{ $value }" är ingen port (1–65535)
sandbox-idle-secs-invalid = VERKSTAD_SANDBOX_IDLE_SECS="{ $value }" är inget antal sekunder
sandbox-start-failed = Resurs-sandlådan kunde inte starta på { $url }: { $error } (se { $log })
sandbox-start-no-answer = Resurs-sandlådan kunde inte starta på { $url }: inget svar (se { $log })
