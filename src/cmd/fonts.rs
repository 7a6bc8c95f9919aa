use super::{err, out};
use kaohe::pdf::{FontRole, FontSource};

/// Lists, for each typographic role, the face `run` will use and where it comes from.
pub fn run() -> u8 {
    let source = match FontSource::find() {
        Ok(s) => s,
        Err(e) => {
            err(&format!("错误：{e}\n"));
            return super::CANNOT_RUN;
        }
    };
    let mut text = format!("字体来源：{}\n", source.describe());
    for role in FontRole::ALL {
        text.push_str(&format!(
            "  {}：{}，文件 {}\n",
            role.label(),
            role.shipped_face(),
            role.file()
        ));
    }
    // Loading proves the files are usable, not only present.
    if let Err(e) = kaohe::pdf::Coverage::from_source(&source) {
        err(&format!("错误：{e}\n"));
        return super::CANNOT_RUN;
    }
    text.push_str("字体可以使用。\n");
    out(&text);
    super::OK
}
