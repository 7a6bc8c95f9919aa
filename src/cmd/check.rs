use super::out;
use kaohe::diag;

pub fn run(input: &std::path::Path, fonts: Option<&std::path::Path>) -> u8 {
    let ev = match super::evaluate(
        input,
        &kaohe::Overrides {
            fonts,
            ..Default::default()
        },
    ) {
        Ok(ev) => ev,
        Err(status) => return status,
    };
    out(&diag::render_human(&ev.diagnostics));
    super::status_of(&ev)
}
