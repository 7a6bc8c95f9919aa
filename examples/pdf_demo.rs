//! Renders a realistic year-end circular (公文) and a per-hall score card through the markup,
//! and times the score card the way `kaohe run` will render 2,000 of them.
//!
//!     cargo run --release --example pdf_demo -- out            # writes out/circular.pdf etc.
//!     cargo run --release --example pdf_demo -- out --bench 2000

use kaohe::doc::markup;
use kaohe::pdf::{self, Fonts, RenderOptions};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

const HALLS: [(&str, [&str; 6]); 15] = [
    (
        "不动产登记大厅",
        ["24.5", "24", "24.5", "24", "3.8", "100.8"],
    ),
    ("税务综合服务大厅", ["24", "24.5", "24", "24", "3.5", "100"]),
    (
        "社会保险经办服务大厅",
        ["24", "24", "24", "23.5", "3", "98.5"],
    ),
    (
        "公安出入境办事大厅",
        ["23.5", "24", "24", "24", "2.5", "98"],
    ),
    (
        "公共资源交易服务大厅",
        ["23.5", "23.5", "24", "23.5", "2", "96.5"],
    ),
    (
        "住房公积金管理中心服务大厅",
        ["23", "24", "23.5", "23.5", "2", "96"],
    ),
    (
        "市场监管登记注册大厅",
        ["23.5", "23", "23.5", "23", "2.5", "95.5"],
    ),
    ("医疗保障服务大厅", ["23", "23.5", "23", "23.5", "2", "95"]),
    ("车辆管理服务大厅", ["23", "23", "23.5", "23", "1.5", "94"]),
    ("人力资源服务大厅", ["22.5", "23", "23", "23", "2", "93.5"]),
    (
        "水电气联合报装大厅",
        ["22.5", "23", "22.5", "23", "1.5", "92.5"],
    ),
    (
        "交通运输政务服务大厅",
        ["22.5", "22.5", "23", "22.5", "1", "91.5"],
    ),
    (
        "民政婚姻登记大厅",
        ["22", "22.5", "22.5", "22.5", "1.5", "91"],
    ),
    (
        "生态环境审批服务大厅",
        ["21.5", "22", "22", "22", "0.5", "88"],
    ),
    (
        "文化旅游审批服务大厅",
        ["21", "21.5", "22", "21.5", "0", "86"],
    ),
];

fn circular() -> String {
    let mut s = String::from(
        "@author 示例市行政服务管理委员会
@subject 2025年度全市专业办事大厅窗口服务工作考核结果
@banner 示例市行政服务管理委员会文件
@docno 示行管〔2026〕1号
@title 关于2025年度全市专业办事大厅窗口服务工作考核结果的通报
@to 各专业办事大厅：
为持续深化“放管服”改革，进一步提升全市专业办事大厅窗口服务水平，根据《示例市专业办事大厅窗口服务工作考核办法》和《2025年度专业办事大厅考核工作方案》，市行政服务管理委员会于2025年12月至2026年1月组织开展了2025年度全市专业办事大厅窗口服务工作考核。现将考核结果通报如下。
@h1 一、考核基本情况
@h2 （一）考核组织。|本次考核采取大厅自查、日常检查与年终集中考核相结合的方式，由市行政服务管理委员会牵头，会同市政府督查室、市营商环境监督局等单位组成考核组，对全市15个专业办事大厅逐一进行考核。
@h2 （二）考核内容。|考核围绕窗口建设、服务规范、办事效率、群众评价四个方面，共设17个考核项目，满分100分；另设加分项目，对获得市级以上表彰、在全市窗口业务技能竞赛中获奖、宣传稿件被主流媒体刊用的大厅予以加分，加分最高不超过10分。
@h2 （三）考核方法。|考核组采取查阅资料、现场检查、明察暗访、群众满意度测评等方式进行，全年共开展明察暗访48次，发现并督促整改问题126个，发放满意度调查问卷3000份，回收有效问卷2876份。
@h1 二、考核结果
经综合评定，不动产登记大厅、税务综合服务大厅、社会保险经办服务大厅、公安出入境办事大厅4个大厅总分位列前四名，考核等次为优秀，提请市政府予以通报表彰；公共资源交易服务大厅等9个大厅考核等次为良好；生态环境审批服务大厅、文化旅游审批服务大厅2个大厅考核等次为合格。各大厅具体得分情况见附件。
@h2 （一）主要成效
@h3 1.窗口建设更加规范。|各大厅普遍完成了功能分区优化，统一设置了咨询引导、综合受理、自助服务等区域，全年新增自助服务终端52台，“一窗受理”覆盖率达到96.8%。
@h3 2.服务效率明显提升。|全市专业办事大厅共受理各类事项186.4万件，按时办结率99.7%，平均办理时限较上年压缩32.5%，“最多跑一次”事项占比达到92.3%。
@h3 3.群众满意度稳步提高。|全年群众满意度测评平均得分96.2分，较上年提高1.8分，收到群众表扬信件和锦旗共计217件。
@h2 （二）存在问题
@h4 （1）业务能力有待加强。|部分大厅窗口人员业务不够熟练，一次性告知不到位，群众反映“多次跑”的问题仍有发生。
@h4 （2）管理制度落实不够。|个别大厅考勤管理、首问负责等制度执行不严，明察暗访中发现工作时间脱岗、玩手机等现象。
@h1 三、下一步工作要求
各专业办事大厅要认真对照考核中发现的问题，逐项制定整改措施，明确整改时限和责任人，于2026年3月31日前将整改情况报送市行政服务管理委员会。考核结果将作为各大厅年度评先评优和负责人综合考评的重要依据。
希望受到表彰的大厅珍惜荣誉、再接再厉，其他大厅要以先进为榜样，进一步强化服务意识，规范服务行为，提升服务效能，为持续优化全市营商环境作出新的更大贡献。
@attachnote 2025年度全市专业办事大厅窗口服务工作考核得分表
@attachnote 2025年度全市专业办事大厅考核总分对比图
@signature 示例市行政服务管理委员会
@date 2026年1月15日
@note （此件公开发布）
@attachment 1 2025年度全市专业办事大厅窗口服务工作考核得分表
@table
@widths 1 3.4 1 1 1 1 1 1.2
@align c l r r r r r r
@header 名次|大厅|一|二|三|四|加分|总分
",
    );
    for (k, (name, v)) in HALLS.iter().enumerate() {
        s.push_str(&format!("@source 年终考核/评分汇总.xlsx 汇总!B{}\n", k + 3));
        s.push_str(&format!("{}|{name}|{}\n", k + 1, v.join("|")));
    }
    s.push_str(
        "@endtable
注：一、二、三、四分别为窗口建设、服务规范、办事效率、群众评价得分（各25分），加分最高10分。
@attachment 2 2025年度全市专业办事大厅考核总分对比图
@chart 60 110
",
    );
    for (name, v) in HALLS {
        s.push_str(&format!("{name}|{}\n", v[5]));
    }
    s.push_str(
        "@endchart
@cc 市政府办公室，市政府督查室。
@printer 示例市行政服务管理委员会|2026年1月15日
",
    );
    s
}

const NOTICE: &str = "@banner 示例市行政服务管理委员会文件
@docno 示行管〔2026〕2号
@title 关于开展2026年第一季度窗口服务明察暗访的通知
@to 各专业办事大厅：
为巩固年度考核成果，市行政服务管理委员会定于2026年2月至3月对全市专业办事大厅开展第一季度明察暗访，重点检查工作纪律、服务规范和群众反映强烈的问题。请各大厅对照考核细则认真开展自查自纠，于2026年2月10日前将自查情况报送市行政服务管理委员会监督科。
@signature 示例市行政服务管理委员会
@date 2026年1月20日
@cc 市政府办公室。
@printer 示例市行政服务管理委员会|2026年1月20日
";

const ITEMS: [(&str, &str, &str); 17] = [
    ("1.1", "功能分区合理，标识标牌规范醒目", "6"),
    ("1.2", "咨询引导、自助服务等设施完好", "5"),
    ("1.3", "一窗受理、综合窗口设置到位", "7"),
    ("1.4", "环境整洁，无障碍设施齐全", "7"),
    ("2.1", "工作人员着装统一、佩戴工牌", "5"),
    ("2.2", "首问负责、一次性告知落实到位", "7"),
    ("2.3", "考勤管理规范，无脱岗离岗现象", "6"),
    ("2.4", "服务用语文明，无生冷硬推现象", "7"),
    ("3.1", "按时办结率达到99%以上", "7"),
    ("3.2", "办理时限较法定时限压缩50%以上", "6"),
    ("3.3", "最多跑一次事项占比达到90%以上", "6"),
    ("3.4", "网上可办率达到95%以上", "6"),
    ("4.1", "群众满意度测评得分", "10"),
    ("4.2", "投诉件按期办结，无有效投诉", "6"),
    ("4.3", "好差评差评整改率100%", "5"),
    ("4.4", "明察暗访问题整改到位", "4"),
    ("4.5", "参加例会和业务培训情况", "4"),
];

fn score_card(hall: &str, rank: usize) -> String {
    let mut s = format!(
        "@kind plain
@author 示例市行政服务管理委员会
@title {hall}2025年度考核评分明细
@h1 一、总体情况
{hall}2025年度考核总分100.8分，在15个专业办事大厅中排名第{rank}位，考核等次为优秀，列入提请市政府通报表彰名单。
@h1 二、考核项目得分
@table small
@widths 1 5 1 1 1 3
@align c l r r r l
@header 编号|考核内容|分值|自评|考核|扣分说明
"
    );
    for (k, (code, what, max)) in ITEMS.iter().enumerate() {
        let (own, got, why) = match k {
            6 => (
                "6",
                "5.5",
                "3月12日暗访发现窗口人员脱岗（明察暗访/3月.xlsx 记录!C5）",
            ),
            13 => ("6", "5.5", "10月有效投诉1件（投诉/登记表.xlsx 投诉!B9）"),
            _ => (*max, *max, ""),
        };
        s.push_str(&format!("@source 自查/{hall}.xlsx 自查评分表!B{}\n", k + 4));
        s.push_str(&format!("{code}|{what}|{max}|{own}|{got}|{why}\n"));
    }
    s.push_str(
        "@endtable
@h1 三、加分项目
@table small
@widths 4 3 1 3
@align l l r l
@header 加分事项|依据|加分|是否计入
获评省级青年文明号|省文明委〔2025〕12号|2|计入
全市窗口业务技能竞赛一等奖|示行管〔2025〕30号|1.5|计入
示例日报刊登宣传稿件2篇|示例日报2025年6月3日|0.3|计入
市级表彰（与省级同一荣誉）|示政〔2025〕8号|0|不计入：同一荣誉只计一次
@endtable
@h1 四、说明
本明细由考核系统根据各大厅报送的自查评分表、检查记录、会议考勤和加分申报材料自动生成，如有异议，请于2026年1月25日前向市行政服务管理委员会监督科反映。
",
    );
    s
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = PathBuf::from(args.first().map_or("out", String::as_str));
    let bench: usize = match args.iter().position(|a| a == "--bench") {
        Some(i) => args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(2000),
        None => 0,
    };
    std::fs::create_dir_all(&out)?;

    let t = Instant::now();
    let fonts = Fonts::load_default()?;
    for face in &fonts.choice().faces {
        println!("{}", face.describe());
    }
    println!("fonts loaded in {:?}", t.elapsed());
    let opts = RenderOptions {
        draft: false,
        creation_date: (2026, 1, 15),
        ofd: false,
    };

    let circ = markup::parse(&circular())?;
    let t = Instant::now();
    let r = pdf::render(&circ, &fonts, &opts)?;
    println!(
        "circular.pdf: {} pages, {} bytes, {:?}",
        r.pages,
        r.bytes.len(),
        t.elapsed()
    );
    for w in &r.warnings {
        println!("  警告：{w}");
    }
    std::fs::write(out.join("circular.pdf"), &r.bytes)?;
    let again = pdf::render(&circ, &fonts, &opts)?;
    assert_eq!(again.bytes, r.bytes, "two renders differ");

    let draft = pdf::render(
        &circ,
        &fonts,
        &RenderOptions {
            draft: true,
            ..opts.clone()
        },
    )?;
    std::fs::write(out.join("circular-draft.pdf"), &draft.bytes)?;

    // a one-page notice: the 版记 needs an even page, so the text is carried over to page 2
    let notice = markup::parse(NOTICE)?;
    let r = pdf::render(&notice, &fonts, &opts)?;
    println!("notice.pdf: {} pages, {} bytes", r.pages, r.bytes.len());
    std::fs::write(out.join("notice.pdf"), &r.bytes)?;

    let card = markup::parse(&score_card("不动产登记大厅", 1))?;
    let t = Instant::now();
    let r = pdf::render(&card, &fonts, &opts)?;
    println!(
        "scorecard.pdf: {} pages, {} bytes, {:?}",
        r.pages,
        r.bytes.len(),
        t.elapsed()
    );
    std::fs::write(out.join("scorecard.pdf"), &r.bytes)?;

    // a name with a character 仿宋 lacks: one fallback warning, drawn in 宋体
    let odd = markup::parse(&score_card("朱镕基纪念馆服务大厅", 2))?;
    let r = pdf::render(&odd, &fonts, &opts)?;
    for w in &r.warnings {
        println!("  警告：{w}");
    }

    if bench > 0 {
        let cards: Vec<_> = (0..bench)
            .map(|k| {
                let (name, _) = HALLS[k % HALLS.len()];
                markup::parse(&score_card(name, k % 15 + 1))
            })
            .collect::<Result<_, _>>()?;
        let t = Instant::now();
        let total: usize = cards
            .par_iter()
            .map(|d| pdf::render(d, &fonts, &opts).map(|r| r.bytes.len()))
            .collect::<Result<Vec<_>, _>>()?
            .iter()
            .sum();
        let el = t.elapsed();
        println!(
            "bench: {bench} score cards in {:?} on {} threads ({:.2} ms per card per thread, {} KB average)",
            el,
            rayon::current_num_threads(),
            el.as_secs_f64() * 1000.0 * rayon::current_num_threads() as f64 / bench as f64,
            total / bench / 1024
        );
    }
    Ok(())
}
