//! The `kaohe` command: parses arguments and dispatches to one module per command.

mod cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kaohe",
    version,
    about = "专业办事大厅窗口服务工作考核：读取、校验、计分、出表 (service hall assessment)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成各类空白填报表（自查评分表、检查记录、考勤、加分申报、否决事项）(write blank forms)
    Template {
        /// 输出文件夹；其中已有 kaohe.toml 时按其大厅名录生成，否则先写一份示例 kaohe.toml
        dir: PathBuf,
        /// 覆盖已存在的同名工作簿（默认跳过，以免冲掉已填写的表）
        #[arg(long)]
        force: bool,
    },
    /// 读取并校验输入文件夹，按文件列出全部问题 (read and validate)
    Check {
        /// 输入文件夹（含 kaohe.toml 和各类工作簿）
        input: PathBuf,
    },
    /// 校验并计分，输出排名表或 JSON (validate and score)
    Score {
        /// 输入文件夹（含 kaohe.toml 和各类工作簿）
        input: PathBuf,
        /// 输出 JSON（含全部诊断信息）
        #[arg(long)]
        json: bool,
        /// 同时写出汇总工作簿（如 考核汇总.xlsx）
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
    },
    /// 校验、计分并生成全部文件：年度通报、季度通报、评分明细、半年汇总（PDF）和考核汇总.xlsx (write all documents)
    Run {
        /// 输入文件夹（含 kaohe.toml 和各类工作簿）
        input: PathBuf,
        /// 输出文件夹
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// 只生成第 N 季度的季度通报（1–4）
        #[arg(long, value_name = "N")]
        quarter: Option<u32>,
        /// 使用修改过的模板（同名文件替换内置模板）
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// 输入有错误时也生成文件，每页标注“草稿”“数据未通过校验”
        #[arg(long)]
        draft: bool,
    },
    /// 核对输出文件夹：按 manifest.json 重新计算每个文件的 SHA-256，列出缺少、改动和多出的文件 (verify an output folder)
    Verify {
        /// kaohe run 的输出文件夹
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        cmd::err(&format!(
            "kaohe 内部错误，请将此信息反馈给维护人员：{info}\n"
        ));
    }));
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Template { dir, force } => cmd::template::run(&dir, force),
        Command::Check { input } => cmd::check::run(&input),
        Command::Score { input, json, xlsx } => cmd::score::run(&input, json, xlsx.as_deref()),
        Command::Run {
            input,
            out,
            quarter,
            templates,
            draft,
        } => cmd::run::run(&cmd::run::Options {
            input: &input,
            out: &out,
            quarter,
            templates: templates.as_deref(),
            draft,
        }),
        Command::Verify { dir } => cmd::verify::run(&dir),
    };
    ExitCode::from(cmd::final_status(status))
}
