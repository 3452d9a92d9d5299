# sandbox: English

## src/sandbox/resurs/launcher.rs: starting the Resurs sandbox as its own process
sandbox-port-invalid = VERKSTAD_SANDBOX_PORT="{ $value }" is not a port (1–65535)
sandbox-idle-secs-invalid = VERKSTAD_SANDBOX_IDLE_SECS="{ $value }" is not a number of seconds
sandbox-start-failed = The Resurs sandbox could not start on { $url }: { $error } (see { $log })
sandbox-start-no-answer = The Resurs sandbox could not start on { $url }: no answer (see { $log })
