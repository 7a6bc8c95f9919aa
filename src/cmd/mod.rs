//! One module per command, each a few lines over the library. Everything a command prints goes
//! through [`out`] and [`err`]: a closed pipe (`kaohe … | head`) ends the printing quietly while
//! the command finishes its work, and a failing terminal or disk is reported once, never a panic.

pub mod args;
pub mod check;
pub mod diff;
pub mod fonts;
pub mod run;
pub mod score;
pub mod template;
pub mod verify;

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// Exit statuses: no input error, input errors, could not run.
pub const OK: u8 = 0;
pub const INPUT_ERRORS: u8 = 1;
pub const CANNOT_RUN: u8 = 2;

static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
static STDERR_GONE: AtomicBool = AtomicBool::new(false);
/// Raised to CANNOT_RUN when output was lost for a reason other than a closed pipe.
static OUTPUT_STATUS: AtomicU8 = AtomicU8::new(OK);

fn emit(text: &str, to_stdout: bool) {
    let gone = if to_stdout {
        &STDOUT_GONE
    } else {
        &STDERR_GONE
    };
    if gone.load(Ordering::Relaxed) {
        return;
    }
    let result = if to_stdout {
        let mut s = std::io::stdout().lock();
        s.write_all(text.as_bytes()).and_then(|()| s.flush())
    } else {
        std::io::stderr().lock().write_all(text.as_bytes())
    };
    if let Err(e) = result {
        gone.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            OUTPUT_STATUS.store(CANNOT_RUN, Ordering::Relaxed);
            if to_stdout {
                err(&format!(
                    "错误：无法写出结果：{}\n",
                    kaohe::fsio::reason(&e)
                ));
            }
        }
    }
}

/// Prints to standard output.
pub fn out(text: &str) {
    emit(text, true);
}

/// Prints to standard error.
pub fn err(text: &str) {
    emit(text, false);
}

/// The status to exit with: the command's own, or worse when its output could not be written.
pub fn final_status(status: u8) -> u8 {
    status.max(OUTPUT_STATUS.load(Ordering::Relaxed))
}

/// Evaluates a folder, or reports why it cannot be read.
pub fn evaluate(
    input: &std::path::Path,
    overrides: &kaohe::Overrides,
) -> Result<kaohe::Evaluation, u8> {
    kaohe::evaluate_with(input, overrides).map_err(|e| {
        err(&format!("错误：{e}\n"));
        CANNOT_RUN
    })
}

pub fn status_of(ev: &kaohe::Evaluation) -> u8 {
    if ev.error_count() > 0 {
        INPUT_ERRORS
    } else {
        OK
    }
}
