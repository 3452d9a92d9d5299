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

/// A temporary folder with the database `v.db` and the (absent) config file `config.toml`.
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
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
        let output = Command::new(env!("CARGO_BIN_EXE_verkstad"))
            .arg("--db")
            .arg(self.db())
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .args(args)
            .current_dir(self.dir.path())
            .env("TZ", "UTC")
            .env_remove("VERKSTAD_DB")
            .env_remove("VERKSTAD_CONFIG")
            .env_remove("VERKSTAD_LANG")
            .env_remove("VERKSTAD_LOG")
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("run verkstad");
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
