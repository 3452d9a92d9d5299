//! The command-line harness: the real binary against a real SQLite file in a temporary folder.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Assert the exit code, showing both streams when it is wrong.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Assert success and return stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        self.expect_code(0);
        &self.stdout
    }

    /// Assert a refusal of bad input: exit code 2, nothing on stdout, one `fel:` line on stderr
    /// containing every one of `needles`.
    #[track_caller]
    pub fn refused(&self, needles: &[&str]) -> &Run {
        self.expect_code(2);
        assert_eq!(self.stdout, "", "nothing may be printed to stdout");
        assert!(self.stderr.starts_with("fel: "), "stderr: {}", self.stderr);
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr lacks {n:?}: {}",
                self.stderr
            );
        }
        self
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(self.ok())
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

/// A port nothing listens on right now (the OS picks it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A temporary folder with the database `v.db` and the (absent) config file `config.toml`.
/// A `pay` command started here gets its own Resurs sandbox on `sandbox_port`, which stops by
/// itself when idle or when this folder is removed.
pub struct Env {
    pub dir: TempDir,
    pub sandbox_port: u16,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            sandbox_port: free_port(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("v.db")
    }

    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    /// Run `verkstad --db … --config … ARGS` with a clean environment.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// The command [`Env::run`] runs, not started: for a process to start, kill or wait for.
    pub fn command(&self, args: &[&str], vars: &[(&str, &str)]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_verkstad"));
        command
            .arg("--db")
            .arg(self.db())
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .args(args)
            .current_dir(self.dir.path())
            .env("TZ", "UTC")
            .env("VERKSTAD_SANDBOX_PORT", self.sandbox_port.to_string())
            .env("VERKSTAD_SANDBOX_IDLE_SECS", "30")
            .env_remove("VERKSTAD_RESURS_URL")
            .env_remove("VERKSTAD_CONTROL_UNIT_URL")
            .env_remove("VERKSTAD_RESURS_CLIENT_ID")
            .env_remove("VERKSTAD_RESURS_CLIENT_SECRET")
            .env_remove("VERKSTAD_RESURS_STORE_ID")
            .env_remove("VERKSTAD_DB")
            .env_remove("VERKSTAD_CONFIG")
            .env_remove("VERKSTAD_LANG")
            .env_remove("VERKSTAD_LOG")
            .env_remove("RUST_BACKTRACE");
        for (name, value) in vars {
            command.env(name, value);
        }
        command
    }

    /// [`Env::run`] with some environment variables set (they win over the clean defaults).
    pub fn run_with(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let output = self.command(args, vars).output().expect("run verkstad");
        let run = Run {
            code: output
                .status
                .code()
                .expect("exited, not killed by a signal"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        };
        // Never a panic, whatever the input.
        for text in [&run.stdout, &run.stderr] {
            assert!(
                !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
                "verkstad {args:?} panicked:\n{text}"
            );
        }
        assert_ne!(run.code, 101, "verkstad {args:?} panicked:\n{}", run.stderr);
        run
    }
}
