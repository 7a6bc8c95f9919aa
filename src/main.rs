//! The `kaohe` command: parses arguments and dispatches to one module per command.

mod cmd;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kaohe",
    version,
    about = "专业办事大厅窗口服务工作考核：读取、校验、计分、出表",
    override_usage = "kaohe <命令> [参数和选项]"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成各类空白填报表（自查评分表、检查记录、考勤、加分申报、否决事项）
    #[command(override_usage = "kaohe template <文件夹> [--force]")]
    Template {
        /// 填报表所在的文件夹；其中已有 kaohe.toml 时按其大厅名录生成，否则先写一份示例 kaohe.toml
        #[arg(value_name = "文件夹")]
        dir: PathBuf,
        /// 覆盖已存在的同名工作簿（默认跳过，以免冲掉已填写的表）
        #[arg(long)]
        force: bool,
    },
    /// 读取并校验输入文件夹，按文件列出全部问题
    #[command(override_usage = "kaohe check <输入文件夹> [--fonts 字体文件夹]")]
    Check {
        /// 输入文件夹（含 kaohe.toml 和各类工作簿）
        #[arg(value_name = "输入文件夹")]
        input: PathBuf,
        /// 先在这个文件夹中按字体名称找各类文字的字体（见 README“字体”）
        #[arg(long, value_name = "字体文件夹")]
        fonts: Option<PathBuf>,
    },
    /// 校验并计分，输出排名表或 JSON
    #[command(
        override_usage = "kaohe score <输入文件夹> [--json] [--xlsx 文件] [--fonts 字体文件夹]"
    )]
    Score {
        /// 输入文件夹（含 kaohe.toml 和各类工作簿）
        #[arg(value_name = "输入文件夹")]
        input: PathBuf,
        /// 输出 JSON（含全部诊断信息）
        #[arg(long)]
        json: bool,
        /// 同时写出汇总工作簿（如 考核汇总.xlsx）
        #[arg(long, value_name = "文件")]
        xlsx: Option<PathBuf>,
        /// 先在这个文件夹中按字体名称找各类文字的字体（见 README“字体”）
        #[arg(long, value_name = "字体文件夹")]
        fonts: Option<PathBuf>,
    },
    /// 校验、计分并生成全部文件：年度通报、季度通报、评分明细、半年汇总（PDF）和考核汇总.xlsx
    #[command(
        override_usage = "kaohe run <输入文件夹> --out <输出文件夹> [--quarter N] [--templates 模板文件夹] [--draft] [--ofd] [--fonts 字体文件夹] [--previous 上年输出文件夹]"
    )]
    Run {
        /// 输入文件夹（含 kaohe.toml 和各类工作簿）
        #[arg(value_name = "输入文件夹")]
        input: PathBuf,
        /// 输出文件夹（每次运行整体替换，见 README“输出文件夹”）
        #[arg(long, value_name = "输出文件夹")]
        out: PathBuf,
        /// 只生成第 N 季度（1–4）的明察暗访情况通报，不生成年度通报、评分明细、半年汇总和汇总工作簿
        #[arg(long, value_name = "N")]
        quarter: Option<u32>,
        /// 使用修改过的模板（该文件夹中的同名文件替换内置模板）
        #[arg(long, value_name = "模板文件夹")]
        templates: Option<PathBuf>,
        /// 输入有错误时也生成文件，每页标注“草稿”“数据未通过校验”
        #[arg(long)]
        draft: bool,
        /// 每份 PDF 旁另写一份同名的 OFD 版式文件（GB/T 33190；也可在 kaohe.toml 中设置，见 README“OFD 版式文件”）
        #[arg(long)]
        ofd: bool,
        /// 先在这个文件夹中按字体名称找各类文字的字体（见 README“字体”）
        #[arg(long, value_name = "字体文件夹")]
        fonts: Option<PathBuf>,
        /// 上一年度的输出文件夹：与本年结果对比（代替 kaohe.toml 的 [history] previous）
        #[arg(long, value_name = "上年输出文件夹")]
        previous: Option<PathBuf>,
    },
    /// 列出各类文字（小标宋、仿宋、黑体、楷体、宋体）所用的字体及其来源
    #[command(override_usage = "kaohe fonts [输入文件夹] [--fonts 字体文件夹]")]
    Fonts {
        /// 输入文件夹：按其中 kaohe.toml 的 [fonts] 设置选字体（不写则不看设置）
        #[arg(value_name = "输入文件夹")]
        input: Option<PathBuf>,
        /// 先在这个文件夹中按字体名称找各类文字的字体（见 README“字体”）
        #[arg(long, value_name = "字体文件夹")]
        fonts: Option<PathBuf>,
    },
    /// 比较两次运行的结果（复核）：各大厅总分、名次和每一处变化及其来源单元格
    #[command(override_usage = "kaohe diff <旧结果> <新结果> [--json] [--xlsx 复核工作簿]")]
    Diff {
        /// 先前的输出文件夹（含考核结果.json），或输入文件夹（当场计分）
        #[arg(value_name = "旧结果")]
        old: PathBuf,
        /// 新的输出文件夹或输入文件夹
        #[arg(value_name = "新结果")]
        new: PathBuf,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
        /// 同时写出复核工作簿（每一处变化一行，注明来源单元格）
        #[arg(long, value_name = "复核工作簿")]
        xlsx: Option<PathBuf>,
    },
    /// 核对输出文件夹：按 manifest.json 重新计算每个文件的 SHA-256，列出缺少、改动和多出的文件
    #[command(override_usage = "kaohe verify <输出文件夹>")]
    Verify {
        /// kaohe run 的输出文件夹
        #[arg(value_name = "输出文件夹")]
        dir: PathBuf,
    },
}

/// Parses the command line; help, version and every mistake are answered in Chinese.
fn parse() -> Result<Cli, u8> {
    let parsed = cmd::args::localise(Cli::command())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    parsed.map_err(|e| {
        use clap::error::ErrorKind;
        match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                cmd::out(&with_newline(e.to_string()));
                cmd::OK
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                cmd::err(&with_newline(e.to_string()));
                cmd::CANNOT_RUN
            }
            _ => {
                cmd::err(&format!(
                    "错误：{}\n运行 kaohe --help 查看用法。\n",
                    cmd::args::message(&e)
                ));
                cmd::CANNOT_RUN
            }
        }
    })
}

fn with_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        cmd::err(&format!(
            "kaohe 内部错误，请将此信息反馈给维护人员：{info}\n"
        ));
    }));
    let cli = match parse() {
        Ok(cli) => cli,
        Err(status) => return ExitCode::from(cmd::final_status(status)),
    };
    let status = match cli.command {
        Command::Template { dir, force } => cmd::template::run(&dir, force),
        Command::Check { input, fonts } => cmd::check::run(&input, fonts.as_deref()),
        Command::Score {
            input,
            json,
            xlsx,
            fonts,
        } => cmd::score::run(&input, json, xlsx.as_deref(), fonts.as_deref()),
        Command::Run {
            input,
            out,
            quarter,
            templates,
            draft,
            ofd,
            fonts,
            previous,
        } => cmd::run::run(
            kaohe::output::Options {
                quarter,
                templates: templates.as_deref(),
                draft,
                ofd,
                ..kaohe::output::Options::new(&input, &out)
            },
            fonts.as_deref(),
            previous.as_deref(),
        ),
        Command::Verify { dir } => cmd::verify::run(&dir),
        Command::Diff {
            old,
            new,
            json,
            xlsx,
        } => cmd::diff::run(&old, &new, json, xlsx.as_deref()),
        Command::Fonts { input, fonts } => cmd::fonts::run(input.as_deref(), fonts.as_deref()),
    };
    ExitCode::from(cmd::final_status(status))
}
