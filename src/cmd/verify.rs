use super::{err, out};
use kaohe::output::verify;
use std::path::Path;

pub fn run(dir: &Path) -> u8 {
    match verify::verify(dir) {
        Ok(report) => {
            out(&report.render(dir));
            if report.is_intact() {
                super::OK
            } else {
                super::INPUT_ERRORS
            }
        }
        Err(e) => {
            err(&format!("错误：{e}\n"));
            super::CANNOT_RUN
        }
    }
}
