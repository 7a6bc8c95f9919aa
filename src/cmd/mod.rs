//! One module per command, each a few lines over the library.

pub mod check;
pub mod run;
pub mod score;
pub mod template;

/// Exit statuses: no input error, input errors, could not run.
pub const OK: u8 = 0;
pub const INPUT_ERRORS: u8 = 1;
pub const CANNOT_RUN: u8 = 2;

/// Evaluates a folder, or reports why it cannot be read.
pub fn evaluate(input: &std::path::Path) -> Result<kaohe::Evaluation, u8> {
    kaohe::evaluate(input).map_err(|e| {
        eprintln!("错误：{e}");
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
