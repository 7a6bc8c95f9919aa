//! The command line in Chinese: help screens laid out with Chinese headings, and clap's parse
//! errors turned into Chinese sentences, so no English reaches the user from a typo.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const MAIN_HELP: &str = "\
{about}

用法：{usage}

命令：
{subcommands}

选项：
{options}

每个命令的用法：kaohe <命令> --help";

const COMMAND_HELP: &str = "\
{about}

用法：{usage}

参数：
{positionals}

选项：
{options}";

fn help_flag() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help("显示本帮助")
}

/// The derived command with Chinese help screens.
pub fn localise(cmd: Command) -> Command {
    cmd.help_template(MAIN_HELP)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(help_flag())
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本号"),
        )
        .mut_subcommands(|sub| {
            sub.help_template(COMMAND_HELP)
                .disable_help_flag(true)
                .arg(help_flag())
        })
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A parse error as a Chinese sentence (help and version requests are not errors).
pub fn message(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            if value.is_empty() {
                format!("{arg} 后面缺少值")
            } else if arg.starts_with("--quarter") {
                format!("{arg} 的值“{value}”无效：应为 1、2、3 或 4")
            } else {
                format!("{arg} 的值“{value}”无效")
            }
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有“{}”这个命令；可用的命令：template、check、score、run、diff、verify、fonts",
            context(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("不认识的选项或参数“{arg}”"),
        ErrorKind::MissingRequiredArgument => format!(
            "缺少必需的参数：{}",
            context(e, ContextKind::InvalidArg).unwrap_or_default()
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令；可用的命令：template、check、score、run、diff、verify、fonts".to_string()
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的值个数不对（“{value}”）")
        }
        ErrorKind::ArgumentConflict => format!(
            "{arg} 不能与 {} 同时使用",
            context(e, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::NoEquals => format!("{arg} 的值要用等号给出（如 {arg}=值）"),
        ErrorKind::InvalidUtf8 => "参数中含有无法识别的字符（不是 UTF-8 编码）".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    if let Some(s) = context(e, ContextKind::SuggestedSubcommand)
        .or_else(|| context(e, ContextKind::SuggestedArg))
    {
        text.push_str(&format!("；是否应为“{s}”？"));
    }
    text.replace("<INPUT>", "<输入文件夹>")
        .replace("<DIR>", "<文件夹>")
        .replace("<FILE>", "<文件>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn error_of(args: &[&str]) -> String {
        let cmd = localise(crate::Cli::command());
        match cmd.try_get_matches_from(args) {
            Ok(_) => String::new(),
            Err(e) => message(&e),
        }
    }

    #[test]
    fn parse_errors_are_chinese() {
        assert_eq!(
            error_of(&["kaohe", "run", "in", "--out", "o", "--quarter", "第二"]),
            "--quarter <N> 的值“第二”无效：应为 1、2、3 或 4"
        );
        assert!(error_of(&["kaohe", "foo"]).starts_with("没有“foo”这个命令"));
        assert_eq!(
            error_of(&["kaohe", "chek", "x"]),
            "没有“chek”这个命令；可用的命令：template、check、score、run、diff、verify、fonts；是否应为“check”？"
        );
        assert_eq!(
            error_of(&["kaohe", "check"]),
            "缺少必需的参数：<输入文件夹>"
        );
        assert!(
            error_of(&["kaohe", "check", "x", "--jsn"]).starts_with("不认识的选项或参数“--jsn”")
        );
    }

    #[test]
    fn help_screens_have_no_english_headings() {
        let mut cmd = localise(crate::Cli::command());
        let main = cmd.render_help().to_string();
        for english in ["Usage", "Commands", "Options", "Print help", "Arguments"] {
            assert!(!main.contains(english), "{english} in\n{main}");
        }
        let run = cmd
            .find_subcommand_mut("run")
            .expect("run")
            .render_help()
            .to_string();
        for english in ["Usage", "Options", "Print help", "Arguments", "[OPTIONS]"] {
            assert!(!run.contains(english), "{english} in\n{run}");
        }
        assert!(run.contains("--quarter"), "{run}");
    }
}
