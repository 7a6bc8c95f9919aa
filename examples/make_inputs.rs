//! Writes a sample input folder: the 2025 assessment year of the fictional city 示例市.
//!
//! ```text
//! cargo run --example make_inputs -- inputs
//! ```
//!
//! The workbooks imitate what the supervision section really collects: every hall lays out its
//! form a little differently (header synonyms, labelled fields, section captions, text numbers,
//! formula totals), inspectors type dates in whatever form they like, and the bonus summary
//! carries the usual slips. Every value stays valid for the sheet kinds kaohe reads (`src/input/kinds.rs`), so checking the
//! folder must give warnings and notices only; the warnings planted on purpose are marked
//! `WARNING:` next to the data that causes them.
//!
//! The output is byte-identical between runs (fixed document creation time, no randomness), and
//! only the files listed here are replaced: anything else in the folder is left alone.

use std::error::Error;
use std::fs;
use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const YEAR: u16 = 2025;
const ISSUER: &str = "示例市行政服务管理委员会";

// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------

struct Hall {
    name: &'static str,
    aliases: &'static [&'static str],
    /// The window inspectors usually look at.
    window: &'static str,
    /// Fills in the forms and goes to the committee's meetings.
    clerk: &'static str,
    /// Signs the forms off as 审核人.
    reviewer: &'static str,
}

#[rustfmt::skip]
const HALLS: [Hall; 13] = [
    hall("不动产登记大厅", &["不动产大厅"], "综合受理窗口", "王丽", "陈志刚"),
    hall("公安出入境办事大厅", &["出入境大厅"], "护照办理窗口", "李强", "刘建国"),
    hall("社保医保办事大厅", &["社保大厅"], "参保登记窗口", "张敏", "赵卫东"),
    hall("公积金办事大厅", &[], "提取窗口", "刘军", "孙海燕"),
    hall("税务办税服务大厅", &["办税服务厅"], "综合办税窗口", "陈静", "周立新"),
    hall("市场监管登记大厅", &["市场监管大厅"], "企业登记窗口", "杨磊", "吴晓红"),
    hall("交通运输服务大厅", &[], "道路运输窗口", "赵洁", "郑宏伟"),
    hall("住建审批大厅", &["住建大厅"], "施工许可窗口", "黄勇", "冯国庆"),
    hall("公共资源交易大厅", &["公共资源交易中心"], "综合窗口", "周艳", "褚明亮"),
    hall("水电气报装大厅", &[], "用电报装窗口", "吴杰", "卫红梅"),
    hall("人才服务大厅", &[], "人事代理窗口", "徐婷", "蒋文斌"),
    hall("民政婚姻登记大厅", &["婚姻登记处"], "结婚登记窗口", "孙伟", "沈玉兰"),
    hall("医保结算大厅", &[], "异地结算窗口", "马芳", "韩志勇"),
];

const fn hall(
    name: &'static str,
    aliases: &'static [&'static str],
    window: &'static str,
    clerk: &'static str,
    reviewer: &'static str,
) -> Hall {
    Hall {
        name,
        aliases,
        window,
        clerk,
        reviewer,
    }
}

/// Authorities whose level the keyword inference of `src/rubric.toml` gets wrong.
#[rustfmt::skip]
const AUTHORITY_LEVELS: [(&str, &str, &str); 2] = [
    ("示例省示例市人民政府", "市级", "名称含“省”，按关键词会被推断为省级"),
    ("示例市东城区人民政府", "区级", "名称含“市”，按关键词会被推断为市级"),
];

// ---------------------------------------------------------------------------------------------
// Rubric and the year-end scores
// ---------------------------------------------------------------------------------------------

struct Item {
    code: (u8, u8),
    content: &'static str,
    max: f64,
    /// What halls write in 自查说明 when they do not claim full marks.
    shortfall: &'static str,
}

#[rustfmt::skip]
const ITEMS: [Item; 17] = [
    item(1, 1, 5.0, "抓好绿色通道建设，制定和完善服务重点工程、重点项目及重点民生工程的具体措施", "重点项目帮办台账更新不及时"),
    item(1, 2, 5.0, "简化办事程序，优化办事流程，压缩办事时限，落实“983”目标要求", "个别事项办理时限未压缩到位"),
    item(1, 3, 5.0, "巩固行政审批“两集中、两到位”改革成果，推进行政审批大提速", "仍有2个事项未进驻大厅集中办理"),
    item(1, 4, 5.0, "加强网上审批，行政许可事项网上审批比例达到60%以上", "网上审批比例为58%，未达到60%"),
    item(2, 1, 6.0, "贯彻《市行政服务中心管理办法》，坚持每月一考核一通报", "有2个月考核通报未按时印发"),
    item(2, 2, 6.0, "推行预约、延时、代办、联合、网上、上门服务", "上门服务覆盖面不广"),
    item(2, 3, 6.0, "推行政务公开，服务事项公开上墙，一次性告知单、表格、范文样本齐全", "部分窗口一次性告知单更新不及时"),
    item(2, 4, 6.0, "完善问责、首问负责、服务承诺、一次性告知、限时办结、AB岗替代等服务制度", "AB岗替代制度落实不够到位"),
    item(2, 5, 6.0, "加强大厅绿化、美化，实行无烟区管理", "无烟区巡查记录不全"),
    item(3, 1, 6.0, "组织开展“干部作风集中整治”活动，确保省、市明察暗访不出问题", "整治活动台账不完整"),
    item(3, 2, 6.0, "参与省级文明城市创建，窗口服务在创建考评中不扣分", "创建志愿服务参与人次偏少"),
    item(3, 3, 6.0, "开展“服务发展、创先争优”活动", "争创活动材料报送不及时"),
    item(3, 4, 6.0, "开展“学雷锋”系列活动", "学雷锋活动开展次数偏少"),
    item(3, 5, 6.0, "推行“四个一”文明礼仪服务，确保窗口服务零投诉", "全年有1起群众投诉"),
    item(4, 1, 10.0, "参加市行管委例会和各类竞赛、学习活动，参加“流动红旗”“文明服务大厅”评比", "有迟到、请假情况"),
    item(4, 2, 5.0, "按时报送统计报表、各类材料、宣传信息", "1次统计报表迟报"),
    item(4, 3, 5.0, "向新闻媒体和《行政服务工作简报》投稿，市级媒体全年不少于4篇（《日报》不少于2篇），《简报》不少于2篇", "市级媒体投稿数量不足"),
];

const fn item(
    section: u8,
    number: u8,
    max: f64,
    content: &'static str,
    shortfall: &'static str,
) -> Item {
    Item {
        code: (section, number),
        content,
        max,
        shortfall,
    }
}

#[rustfmt::skip]
const SECTIONS: [&str; 4] = [
    "（一）围绕中心工作，服务发展大局（20分）",
    "（二）强化内部管理，创新服务方式，提升服务水平（30分）",
    "（三）开展活动，改进作风，提升服务素质（30分）",
    "（四）强化信息宣传，完成各项任务（20分）",
];

/// The assessment group's scores (考核得分), in registry order; they are the base of every item
/// score. The halls' own scores are derived from them by `self_score`.
#[rustfmt::skip]
const ASSESSED: [[f64; 17]; 13] = [
    //  1.1  1.2  1.3  1.4    2.1  2.2  2.3  2.4  2.5    3.1  3.2  3.3  3.4  3.5    4.1  4.2  4.3
    [5.0, 5.0, 4.5, 5.0,   6.0, 5.5, 6.0, 6.0, 6.0,   6.0, 6.0, 6.0, 5.5, 6.0,   9.5, 5.0, 5.0], // 不动产 98
    [5.0, 4.5, 5.0, 4.5,   6.0, 5.5, 6.0, 5.5, 6.0,   5.5, 6.0, 6.0, 5.5, 6.0,   9.0, 4.5, 5.0], // 出入境 95.5
    [5.0, 4.5, 5.0, 4.5,   6.0, 6.0, 5.5, 6.0, 5.5,   6.0, 6.0, 5.5, 6.0, 6.0,   9.0, 4.5, 5.0], // 社保 96
    [5.0, 4.5, 5.0, 4.0,   5.5, 6.0, 6.0, 5.0, 6.0,   6.0, 5.5, 6.0, 6.0, 5.5,   8.0, 4.5, 5.0], // 公积金 93.5
    [4.5, 5.0, 5.0, 4.0,   5.5, 6.0, 6.0, 6.0, 5.5,   6.0, 5.5, 6.0, 6.0, 5.5,   8.5, 4.5, 5.0], // 税务 94.5
    [4.5, 5.0, 4.5, 5.0,   6.0, 6.0, 5.0, 6.0, 5.5,   6.0, 6.0, 5.5, 5.5, 6.0,   8.5, 4.5, 5.0], // 市场监管 94.5
    [4.5, 5.0, 4.0, 4.0,   6.0, 5.0, 5.5, 6.0, 5.5,   5.5, 6.0, 5.0, 5.5, 6.0,   7.5, 4.5, 5.0], // 交通 90.5
    [5.0, 4.0, 4.5, 4.0,   5.5, 5.0, 6.0, 5.5, 6.0,   5.0, 5.5, 6.0, 6.0, 5.5,   8.0, 5.0, 4.0], // 住建 90.5
    [4.0, 4.5, 4.0, 4.0,   5.0, 6.0, 5.0, 5.0, 6.0,   5.0, 5.5, 6.0, 5.5, 6.0,   8.0, 5.0, 3.5], // 公共资源 88
    [4.0, 4.0, 5.0, 3.5,   5.5, 5.0, 5.5, 6.0, 5.0,   6.0, 6.0, 5.5, 6.0, 5.5,   8.0, 4.5, 4.0], // 水电气 89
    [4.5, 5.0, 4.0, 4.0,   6.0, 5.5, 6.0, 6.0, 5.0,   6.0, 6.0, 5.5, 5.5, 6.0,   8.5, 4.5, 5.0], // 人才 93
    [4.0, 4.5, 5.0, 3.5,   5.5, 5.0, 6.0, 5.5, 6.0,   6.0, 5.5, 6.0, 5.0, 6.0,   8.0, 4.5, 5.0], // 民政 91
    [5.0, 4.5, 5.0, 4.0,   5.0, 6.0, 5.5, 6.0, 5.5,   5.5, 6.0, 5.0, 6.0, 5.5,   8.0, 4.5, 4.5], // 医保 91.5
];

/// WARNING: the assessment group left 交通运输服务大厅's 2.5 unscored, so its self score (the
/// value in `ASSESSED`) is the base.
const NOT_REVIEWED: (usize, usize) = (6, 8);

/// A small fixed hash (Knuth's multiplicative): variety between halls and items without
/// randomness.
fn mix(a: usize, b: usize) -> usize {
    let key = u32::try_from(a * 31 + b).expect("small indices");
    (key.wrapping_mul(2_654_435_761) >> 16) as usize
}

/// Halls claim full marks or a little above what the assessment group gives them.
fn self_score(h: usize, i: usize) -> f64 {
    let (max, base) = (ITEMS[i].max, ASSESSED[h][i]);
    if (h, i) == NOT_REVIEWED {
        return base;
    }
    let bump = match mix(h, i) % 4 {
        0 => 0.0,
        1 | 2 => 0.5,
        _ => 1.0,
    };
    (base + bump).min(max)
}

/// Half-way through the year some items are still under way.
fn half_year_score(h: usize, i: usize) -> f64 {
    let full = self_score(h, i);
    if mix(h, i + 3).is_multiple_of(4) {
        full - 0.5
    } else {
        full
    }
}

// ---------------------------------------------------------------------------------------------
// Routine inspections (明察暗访)
// ---------------------------------------------------------------------------------------------

struct Inspection {
    date: Ymd,
    level: &'static str,
    method: &'static str,
    hall: &'static str,
    window: &'static str,
    problem: &'static str,
    item: &'static str,
    deduction: Option<f64>,
    criticised: &'static str,
    inspectors: &'static str,
}

/// Every finding of the year, plus the provincial and city visits that found nothing. Routine
/// committee visits without findings are added by `routine_visits`.
#[rustfmt::skip]
const FINDINGS: [Inspection; 26] = [
    found(Ymd(2025, 1, 14), "委内", "暗访", "交通运输服务大厅", "道路运输窗口", "工作人员未佩戴工作牌", "3.5", 0.3, "否"),
    found(Ymd(2025, 3, 11), "委内", "明察", "公安出入境办事大厅", "等候区", "等候区发现烟头，无烟区管理不到位", "2.5", 0.2, ""),
    found(Ymd(2025, 3, 20), "委内", "明察", "住建审批大厅", "施工许可窗口", "未落实延时服务承诺，17:30前提前停止受理", "2.2", 0.5, "否"),
    clean(Ymd(2025, 3, 26), "市级", "集中抽查", "社保医保办事大厅", "参保登记窗口", "市政府督查室"),
    clean(Ymd(2025, 3, 26), "市级", "集中抽查", "不动产登记大厅", "综合受理窗口", "市政府督查室"),
    clean(Ymd(2025, 3, 26), "市级", "集中抽查", "税务办税服务大厅", "综合办税窗口", "市政府督查室"),
    found(Ymd(2025, 4, 8), "委内", "明察", "社保医保办事大厅", "5号窗口", "一次性告知单缺失", "2.3", 0.2, ""),
    found(Ymd(2025, 4, 22), "委内", "暗访", "水电气报装大厅", "用电报装窗口", "午休时间窗口无人值守，未落实延时服务", "2.2", 0.5, "否"),
    found(Ymd(2025, 5, 13), "委内", "明察", "公积金办事大厅", "提取窗口", "AB岗替代制度未落实，窗口空岗10分钟", "2.4", 0.2, ""),
    found(Ymd(2025, 5, 20), "委内", "明察", "公共资源交易大厅", "综合窗口", "首问负责制落实不到位，群众咨询被推诿", "2.4", 0.5, "否"),
    // The one disqualification by inspection: criticised after a provincial visit.
    found(Ymd(2025, 6, 17), "省级", "暗访", "住建审批大厅", "商品房预售许可窗口", "窗口工作人员脱岗，群众等候超过30分钟", "3.1", 1.0, "是"),
    found(Ymd(2025, 6, 24), "委内", "暗访", "不动产登记大厅", "8号窗口", "窗口人员服务态度生硬，未使用文明用语", "3.5", 0.3, "否"),
    found(Ymd(2025, 7, 15), "委内", "明察", "人才服务大厅", "人事代理窗口", "办事指南未及时更新", "2.3", 0.2, ""),
    clean(Ymd(2025, 9, 9), "省级", "明察", "社保医保办事大厅", "医保窗口", "省政务服务办检查组"),
    clean(Ymd(2025, 9, 9), "省级", "明察", "公安出入境办事大厅", "护照办理窗口", "省政务服务办检查组"),
    found(Ymd(2025, 9, 16), "委内", "暗访", "市场监管登记大厅", "企业登记窗口", "窗口人员上班时间玩手机", "3.1", 0.5, "否"),
    // Criticised by a city visit would disqualify; this one was not criticised.
    found(Ymd(2025, 9, 23), "市级", "暗访", "公共资源交易大厅", "开标室", "窗口人员上班时间玩手机、闲聊", "3.1", 1.0, "否"),
    found(Ymd(2025, 10, 14), "委内", "暗访", "医保结算大厅", "异地结算窗口", "与办事群众发生争执", "3.5", 0.3, ""),
    found(Ymd(2025, 10, 21), "委内", "明察", "水电气报装大厅", "燃气报装窗口", "收费标准未公开上墙", "2.3", 0.2, "否"),
    found(Ymd(2025, 11, 11), "委内", "暗访", "公积金办事大厅", "贷款窗口", "工作人员未佩戴工作牌", "3.5", 0.3, "否"),
    // An alias, as inspectors write it.
    found(Ymd(2025, 11, 18), "委内", "明察", "婚姻登记处", "结婚登记窗口", "窗口人员使用服务忌语", "3.5", 0.2, ""),
    clean(Ymd(2025, 11, 25), "市级", "集中抽查", "人才服务大厅", "人事代理窗口", "市政府督查室"),
    clean(Ymd(2025, 11, 25), "市级", "集中抽查", "市场监管登记大厅", "企业登记窗口", "市政府督查室"),
    found(Ymd(2025, 12, 9), "市级", "集中抽查", "医保结算大厅", "门诊慢特病窗口", "一次性告知单缺失", "2.3", 0.3, "否"),
    // Criticised, but only within the committee: no disqualification (the rubric's `disqualifying_levels`).
    found(Ymd(2025, 12, 16), "委内", "暗访", "公共资源交易大厅", "综合窗口", "工作时间看视频，经提醒后仍未改正", "3.1", 0.5, "是"),
    clean(Ymd(2025, 12, 23), "委内", "明察", "税务办税服务大厅", "综合办税窗口", "李明、王芳"),
];

#[allow(clippy::too_many_arguments)]
const fn found(
    date: Ymd,
    level: &'static str,
    method: &'static str,
    hall: &'static str,
    window: &'static str,
    problem: &'static str,
    item: &'static str,
    deduction: f64,
    criticised: &'static str,
) -> Inspection {
    Inspection {
        date,
        level,
        method,
        hall,
        window,
        problem,
        item,
        deduction: Some(deduction),
        criticised,
        inspectors: "李明、王芳",
    }
}

const fn clean(
    date: Ymd,
    level: &'static str,
    method: &'static str,
    hall: &'static str,
    window: &'static str,
    inspectors: &'static str,
) -> Inspection {
    Inspection {
        date,
        level,
        method,
        hall,
        window,
        problem: "",
        item: "",
        deduction: None,
        criticised: "",
        inspectors,
    }
}

/// One workbook per month inspected; February (Spring Festival) and August have none.
struct MonthLog {
    month: u8,
    dates: DateForm,
    headers: [&'static str; 10],
    /// Item codes typed as numbers (Excel turns `3.5` into one anyway).
    numeric_items: bool,
    /// The inspector added a 小计 row with a SUM formula.
    subtotal: bool,
}

#[rustfmt::skip]
const LOG_HEADERS: [&str; 10] = [
    "检查日期", "检查层级", "检查方式", "被检查单位", "窗口", "发现问题", "考核项目", "扣分", "通报批评", "检查人",
];
#[rustfmt::skip]
const LOG_HEADERS_SHORT: [&str; 10] = [
    "日期", "层级", "方式", "大厅", "窗口/人员", "存在问题", "项目编号", "扣分", "通报批评", "检查人",
];
#[rustfmt::skip]
const LOG_HEADERS_UNIT: [&str; 10] = [
    "检查日期", "检查层级", "检查方式", "单位", "窗口", "问题", "考核项目", "扣 分", "通报\n批评", "检查人",
];

#[rustfmt::skip]
const MONTH_LOGS: [MonthLog; 10] = [
    MonthLog { month: 1, dates: DateForm::Cell, headers: LOG_HEADERS, numeric_items: false, subtotal: false },
    MonthLog { month: 3, dates: DateForm::Slash, headers: LOG_HEADERS, numeric_items: false, subtotal: false },
    MonthLog { month: 4, dates: DateForm::Chinese, headers: LOG_HEADERS_SHORT, numeric_items: false, subtotal: false },
    MonthLog { month: 5, dates: DateForm::Dot, headers: LOG_HEADERS, numeric_items: true, subtotal: false },
    MonthLog { month: 6, dates: DateForm::Digits, headers: LOG_HEADERS_UNIT, numeric_items: false, subtotal: false },
    MonthLog { month: 7, dates: DateForm::CellChinese, headers: LOG_HEADERS, numeric_items: false, subtotal: false },
    MonthLog { month: 9, dates: DateForm::Mixed, headers: LOG_HEADERS_SHORT, numeric_items: false, subtotal: true },
    MonthLog { month: 10, dates: DateForm::Iso, headers: LOG_HEADERS, numeric_items: false, subtotal: false },
    MonthLog { month: 11, dates: DateForm::Cell, headers: LOG_HEADERS_UNIT, numeric_items: true, subtotal: false },
    MonthLog { month: 12, dates: DateForm::DigitsText, headers: LOG_HEADERS, numeric_items: false, subtotal: false },
];

/// What inspectors write when a visit found nothing; `None` leaves the cell blank.
const NOTHING_FOUND: [Option<&str>; 4] = [None, Some("无"), Some("未发现问题"), Some("无问题")];

/// Committee visits without findings, four a month, rotating over the halls.
fn routine_visits(month: u8) -> Vec<Inspection> {
    let inspectors = ["李明、王芳", "赵刚、孙丽", "周涛、吴婷"];
    (0..4usize)
        .map(|k| {
            let h = (usize::from(month) * 5 + k * 3) % HALLS.len();
            Inspection {
                date: Ymd(YEAR, month, 4 + 7 * k as u8),
                level: "委内",
                method: if k % 2 == 0 { "明察" } else { "暗访" },
                hall: HALLS[h].name,
                window: HALLS[h].window,
                problem: "",
                item: "",
                deduction: (k % 2 == 1).then_some(0.0),
                criticised: if k == 2 { "否" } else { "" },
                inspectors: inspectors[(usize::from(month) + k) % inspectors.len()],
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Attendance (会议考勤)
// ---------------------------------------------------------------------------------------------

struct Meeting {
    date: Ymd,
    name: &'static str,
    kind: &'static str,
    /// Halls send two people to study sessions.
    two_each: bool,
}

#[rustfmt::skip]
const MEETINGS: [Meeting; 7] = [
    meeting(Ymd(2025, 1, 16), "第一季度窗口工作例会", "例会", false),
    meeting(Ymd(2025, 4, 10), "第二季度窗口工作例会", "例会", false),
    meeting(Ymd(2025, 5, 22), "政务服务业务知识培训", "学习", true),
    meeting(Ymd(2025, 7, 10), "第三季度窗口工作例会", "例会", false),
    meeting(Ymd(2025, 9, 18), "2025年全市政务服务窗口业务技能竞赛", "竞赛", false),
    meeting(Ymd(2025, 10, 16), "第四季度窗口工作例会", "例会", false),
    meeting(Ymd(2025, 11, 20), "2025年政务服务文明礼仪知识竞赛", "竞赛", false),
];

const fn meeting(date: Ymd, name: &'static str, kind: &'static str, two_each: bool) -> Meeting {
    Meeting {
        date,
        name,
        kind,
        two_each,
    }
}

/// Everyone else attended: (meeting, hall, second person?, 考勤).
#[rustfmt::skip]
const ABSENCES: [(usize, usize, bool, &str); 11] = [
    (0, 9, false, "迟到"),
    (1, 8, false, "迟到"),
    (1, 11, false, "请假"),
    (2, 4, true, "迟到"),
    (2, 9, false, "缺席"),
    (3, 8, false, "迟到"),
    (3, 7, false, "迟到"),
    (3, 12, false, "请假"),
    (4, 8, false, "缺席"),
    (5, 6, false, "迟到"),
    (5, 7, false, "缺席"),
];

/// The colleague a hall sends along to study sessions.
#[rustfmt::skip]
const SECOND_PEOPLE: [&str; 13] = [
    "郭晓东", "何佳", "罗志强", "高雪", "林涛", "梁慧", "宋鹏", "唐莉", "许浩", "邓晨", "冯悦", "曹阳", "彭丹",
];

// ---------------------------------------------------------------------------------------------
// Bonus (加分申报汇总)
// ---------------------------------------------------------------------------------------------

struct Honour {
    hall: &'static str,
    title: &'static str,
    authority: &'static str,
    level: &'static str,
    collective: bool,
    person: &'static str,
    document: &'static str,
    date: Ymd,
    date_form: DateForm,
}

#[rustfmt::skip]
const HONOURS: [Honour; 13] = [
    honour("社保医保办事大厅", "全国人社系统优质服务先进个人", "人力资源社会保障部", "部级", "张敏", "人社部发〔2025〕21号", Ymd(2025, 4, 28), DateForm::Chinese),
    honour("税务办税服务大厅", "示例省工人先锋号", "示例省总工会", "省级", "", "示工发〔2025〕9号", Ymd(2025, 4, 25), DateForm::Cell),
    honour("公安出入境办事大厅", "全省公安机关爱民模范", "示例省公安厅", "省级", "李强", "示公发〔2025〕56号", Ymd(2025, 11, 12), DateForm::Cell),
    // No declared level: the authority's name decides.
    honour("医保结算大厅", "全省医保经办服务示范窗口", "示例省医疗保障局", "", "", "示医保发〔2025〕33号", Ymd(2025, 9, 30), DateForm::Cell),
    // Counts as 市级 only through [authority_levels].
    honour("不动产登记大厅", "示例市优秀政务服务窗口", "示例省示例市人民政府", "市级", "", "示市政发〔2025〕17号", Ymd(2025, 6, 18), DateForm::Digits),
    honour("市场监管登记大厅", "示例市优化营商环境先进集体", "示例市人民政府", "市级", "", "示市政发〔2025〕40号", Ymd(2025, 12, 16), DateForm::Cell),
    honour("市场监管登记大厅", "示例市三八红旗手", "示例市妇女联合会", "市级", "吴晓红", "示市妇字〔2025〕5号", Ymd(2025, 3, 6), DateForm::Cell),
    honour("民政婚姻登记大厅", "示例市巾帼文明岗", "示例市妇女联合会", "", "", "示市妇字〔2025〕5号", Ymd(2025, 3, 6), DateForm::Cell),
    honour("公积金办事大厅", "示例市文明窗口", "示例市精神文明建设委员会", "市级", "", "示文明委〔2025〕3号", Ymd(2025, 1, 20), DateForm::Cell),
    // WARNING: the same honour entered twice; it counts once.
    honour("公积金办事大厅", "示例市文明窗口", "示例市精神文明建设委员会", "市级", "", "示文明委〔2025〕3号", Ymd(2025, 1, 20), DateForm::Cell),
    honour("住建审批大厅", "示例市青年岗位能手", "共青团示例市委员会", "市级", "黄勇", "示团发〔2025〕14号", Ymd(2025, 5, 4), DateForm::Cell),
    // WARNING: a district honour, below city level: 0 points.
    honour("人才服务大厅", "东城区人才工作先进集体", "示例市东城区人民政府", "区级", "", "东政发〔2025〕8号", Ymd(2025, 7, 15), DateForm::Slash),
    // WARNING: awarded in December 2024, it belongs to last year's assessment.
    honour("民政婚姻登记大厅", "全国婚姻登记机关标准化建设先进单位", "民政部", "部级", "", "民发〔2024〕61号", Ymd(2024, 12, 20), DateForm::Cell),
];

#[allow(clippy::too_many_arguments)]
const fn honour(
    hall: &'static str,
    title: &'static str,
    authority: &'static str,
    level: &'static str,
    person: &'static str,
    document: &'static str,
    date: Ymd,
    date_form: DateForm,
) -> Honour {
    Honour {
        hall,
        title,
        authority,
        level,
        // Individual honours name their recipient; collective ones never do.
        collective: person.is_empty(),
        person,
        document,
        date,
        date_form,
    }
}

/// (大厅, 季度 as written, 年度 as written; blank = the assessment year).
#[rustfmt::skip]
const RED_FLAGS: [(&str, Val, Val); 9] = [
    ("社保医保办事大厅", Val::Str("第一季度"), Val::Num(2025.0)),
    ("税务办税服务大厅", Val::Str("第一季度"), Val::Num(2025.0)),
    ("不动产登记大厅", Val::Str("2季度"), Val::Str("2025年")),
    ("公安出入境办事大厅", Val::Str("2季度"), Val::Str("2025年")),
    ("市场监管登记大厅", Val::Str("Q3"), Val::Blank),
    ("社保医保办事大厅", Val::Str("Q3"), Val::Blank),
    ("公积金办事大厅", Val::Str("第四季度"), Val::Str("2025年度")),
    ("税务办税服务大厅", Val::Num(4.0), Val::Str("2025年度")),
    // WARNING: the second-quarter flag entered again in another form; it counts once.
    ("公安出入境办事大厅", Val::Str("q2"), Val::Blank),
];

/// Outlet categories in the order of `ARTICLE_COUNTS`, each with the outlet clerks write down.
#[rustfmt::skip]
const OUTLETS: [(&str, &str); 6] = [
    ("日报", "示例日报"),
    ("电视台", "示例电视台《示例新闻》"),
    ("广播", "示例人民广播电台"),
    ("简报", "《行政服务工作简报》"),
    ("省级报刊", "示例省日报"),
    ("部级报刊", "中国劳动保障报"),
];

/// Articles per hall and category (日报, 电视台, 广播, 简报, 省级报刊, 部级报刊), besides the
/// special rows of `EXTRA_ARTICLES`. The 4.3 quota is city media ≥ 4 with 日报 ≥ 2, and
/// 简报 ≥ 2; only the halls whose 4.3 is below full marks miss it, except 交通运输服务大厅.
#[rustfmt::skip]
const ARTICLE_COUNTS: [[u8; 6]; 13] = [
    [2, 1, 0, 2, 0, 0], // 不动产: + the 一稿多投 pair below = 日报 3, 电视台 1
    [2, 1, 1, 2, 1, 0], // 出入境: +0.5
    [4, 2, 1, 3, 1, 1], // 社保: 7 city media (+0.6), 2 provincial/ministry (+1)
    [2, 1, 1, 2, 0, 0], // 公积金: + one dated 2026
    [2, 2, 1, 2, 1, 0], // 税务: + one under its alias = 6 city media (+0.4), +0.5
    [2, 1, 1, 2, 0, 0], // 市场监管
    [1, 1, 0, 1, 0, 0], // 交通: WARNING: 4.3 assessed 5 but the quota is not met
    [1, 0, 1, 1, 0, 0], // 住建
    [2, 0, 1, 1, 0, 0], // 公共资源
    [1, 0, 0, 2, 0, 0], // 水电气
    [2, 1, 1, 2, 0, 0], // 人才
    [2, 2, 0, 2, 0, 0], // 民政
    [2, 1, 1, 1, 0, 0], // 医保
];

#[rustfmt::skip]
const TOPICS: [&str; 16] = [
    "推行“一窗受理”提速增效",
    "延时服务让群众办事“不打烊”",
    "开展“学雷锋”志愿服务活动",
    "帮办代办服务暖民心",
    "网上办理比例持续提升",
    "文明礼仪服务赢得群众点赞",
    "党建引领提升窗口服务水平",
    "“四个一”文明服务见实效",
    "绿色通道助力重点项目落地",
    "优化流程再压缩办理时限",
    "开展业务技能大练兵",
    "上门服务温暖老年群众",
    "“首问负责”让群众少跑腿",
    "政务公开让办事更透明",
    "创先争优树立服务标杆",
    "无烟大厅营造温馨环境",
];

/// (大厅, 稿件标题, 刊登媒体, 媒体类别, 刊登日期), appended after the hall's other articles.
#[rustfmt::skip]
const EXTRA_ARTICLES: [(&str, &str, &str, &str, Ymd); 4] = [
    // 一稿多投: one story in two outlets, the titles differing only in punctuation. It counts
    // once, as 日报; counted twice it would lift 不动产登记大厅 past 4 city articles (+0.2).
    ("不动产登记大厅", "不动产登记“一窗受理”跑出加速度", "示例日报", "日报", Ymd(2025, 5, 12)),
    ("不动产登记大厅", "不动产登记：‘一窗受理’跑出加速度！", "示例电视台《示例新闻》", "电视台", Ymd(2025, 5, 13)),
    // WARNING: published in January 2026, outside the year.
    ("公积金办事大厅", "公积金办事大厅从容应对年终提取高峰", "示例日报", "日报", Ymd(2026, 1, 6)),
    ("办税服务厅", "办税服务厅：“非接触式”办税便民利企", "示例日报", "日报", Ymd(2025, 8, 19)),
];

const SKILLS_CONTEST: &str = "2025年全市政务服务窗口业务技能竞赛";
const ETIQUETTE_CONTEST: &str = "2025年政务服务文明礼仪知识竞赛";

/// (大厅, 竞赛名称, 名次, 主办单位, 获奖日期).
#[rustfmt::skip]
const PRIZES: [(&str, &str, &str, &str, Ymd); 9] = [
    ("社保医保办事大厅", SKILLS_CONTEST, "一等奖", ISSUER, Ymd(2025, 9, 18)),
    ("税务办税服务大厅", SKILLS_CONTEST, "二等奖", ISSUER, Ymd(2025, 9, 18)),
    ("公安出入境办事大厅", SKILLS_CONTEST, "二等奖", ISSUER, Ymd(2025, 9, 18)),
    ("市场监管登记大厅", SKILLS_CONTEST, "三等奖", ISSUER, Ymd(2025, 9, 18)),
    ("公积金办事大厅", SKILLS_CONTEST, "三等奖", ISSUER, Ymd(2025, 9, 18)),
    ("市场监管登记大厅", ETIQUETTE_CONTEST, "一等奖", "", Ymd(2025, 11, 20)),
    ("人才服务大厅", ETIQUETTE_CONTEST, "二等奖", "", Ymd(2025, 11, 20)),
    ("医保结算大厅", ETIQUETTE_CONTEST, "三等奖", "", Ymd(2025, 11, 20)),
    // WARNING: organised by another body, not the committee: 0 points.
    ("民政婚姻登记大厅", "示例市职工职业技能大赛（政务服务组）", "二等奖", "示例市总工会", Ymd(2025, 10, 28)),
];

/// The second disqualified hall: ranked second on points, its veto moves the fifth into the
/// recommended four.
const VETO: (&str, &str, &str, Ymd) = (
    "不动产登记大厅",
    "窗口工作人员违规收受办事群众购物卡，受到党内警告处分",
    "党风廉政",
    Ymd(2025, 8, 26),
);

// ---------------------------------------------------------------------------------------------
// Self-check form layouts: one per hall, chosen by `layout`
// ---------------------------------------------------------------------------------------------

/// How clerks lay out the labelled fields above the header.
#[derive(Clone, Copy)]
enum Labels {
    /// `填报单位：值` in one cell, with the given colon.
    Inline(&'static str),
    /// The label in one cell and the value two cells further right.
    Split,
    /// `填报单位：` in one cell and the value in the next.
    SplitColon,
}

#[derive(Clone, Copy)]
enum CodeForm {
    Dotted,
    Dashed,
    ChineseDot,
    Bracketed,
    Numeric,
}

struct Layout {
    sheet: &'static str,
    title: bool,
    labels: Labels,
    year: Option<Val>,
    period: Option<&'static str>,
    /// 编号, 考核内容, 分值, 自评得分, 考核得分, 自查说明 in this clerk's words.
    headers: [&'static str; 6],
    codes: CodeForm,
    sections: bool,
    /// 合计 as SUM formulas with cached results; otherwise typed, and then the clerk may also
    /// have typed some scores as text (`５`, `4.5分`), which a SUM would skip.
    formula_total: bool,
    max_as_text: bool,
    /// 自查说明 of items claimed in full.
    full_note: &'static str,
    preparer: &'static str,
}

#[rustfmt::skip]
static LAYOUTS: [Layout; 5] = [
    Layout {
        sheet: "自查评分表",
        title: true,
        labels: Labels::Inline("："),
        year: Some(Val::Str("2025年度")),
        period: Some("年终"),
        headers: ["编号", "考核内容", "分值", "自评得分", "考核得分", "自查说明"],
        codes: CodeForm::Dotted,
        sections: true,
        formula_total: true,
        max_as_text: false,
        full_note: "",
        preparer: "填表人",
    },
    Layout {
        sheet: "Sheet1",
        title: true,
        labels: Labels::Split,
        year: Some(Val::Num(2025.0)),
        period: None,
        headers: ["序号", "考核项目", "标准分", "自评\n得分", "考 核 得 分", "说明"],
        codes: CodeForm::Dashed,
        sections: true,
        formula_total: false,
        max_as_text: false,
        full_note: "已完成",
        preparer: "填报人",
    },
    Layout {
        sheet: "年终自查",
        title: false,
        labels: Labels::Inline(":"),
        year: None,
        period: Some("全年"),
        headers: ["项目编号", "内容", "满分", "自评分", "考核组评分", "备注"],
        codes: CodeForm::Numeric,
        sections: false,
        formula_total: true,
        max_as_text: false,
        full_note: "",
        preparer: "填表人",
    },
    Layout {
        sheet: "自查表",
        title: true,
        labels: Labels::SplitColon,
        year: Some(Val::Str("2025年")),
        period: Some("年度"),
        headers: ["编号", "考核内容", "分值", "自查得分", "评定得分", "自查说明"],
        codes: CodeForm::ChineseDot,
        sections: true,
        formula_total: false,
        max_as_text: true,
        full_note: "按要求完成",
        preparer: "制表人",
    },
    Layout {
        sheet: "自查评分表",
        title: true,
        labels: Labels::Inline("："),
        year: Some(Val::Str("2025")),
        period: None,
        headers: ["序号", "考核内容", "分值", "自评得分", "考核得分", "自查说明"],
        codes: CodeForm::Bracketed,
        sections: true,
        formula_total: true,
        max_as_text: false,
        full_note: "",
        preparer: "填表人",
    },
];

fn layout(h: usize) -> &'static Layout {
    &LAYOUTS[h % LAYOUTS.len()]
}

/// What the clerk wrote as 填报单位: mostly the registry name, once an alias.
fn unit_as_written(h: usize) -> &'static str {
    match HALLS[h].name {
        "公安出入境办事大厅" => HALLS[h].aliases[0],
        name => name,
    }
}

/// Half-year forms received, with the period as each clerk wrote it.
const HALF_YEAR: [(usize, &str); 4] = [(0, "半年"), (2, "上半年"), (6, "半年"), (9, "上半年")];

const FILED_YEAR_END: Ymd = Ymd(2026, 1, 8);
const FILED_HALF_YEAR: Ymd = Ymd(2025, 7, 4);

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
struct Ymd(u16, u8, u8);

/// The date forms people type, as kaohe reads them (`text::parse_date_text`).
#[derive(Clone, Copy)]
enum DateForm {
    /// A real date cell shown as 2025-03-05.
    Cell,
    /// A real date cell shown as 2025年3月5日.
    CellChinese,
    Slash,
    Chinese,
    Dot,
    Iso,
    /// The number 20250305.
    Digits,
    /// The text "20250305".
    DigitsText,
    /// Whatever came to hand, row by row.
    Mixed,
}

impl DateForm {
    const CYCLE: [DateForm; 6] = [
        DateForm::Cell,
        DateForm::Slash,
        DateForm::Chinese,
        DateForm::Dot,
        DateForm::Digits,
        DateForm::Iso,
    ];

    fn for_row(self, row: usize) -> DateForm {
        match self {
            DateForm::Mixed => Self::CYCLE[row % Self::CYCLE.len()],
            form => form,
        }
    }
}

#[derive(Clone)]
enum Val {
    Str(&'static str),
    Text(String),
    Num(f64),
    Date(Ymd, DateForm),
    /// A formula with the result Excel would have cached.
    Sum(String, f64),
    Blank,
}

impl From<&'static str> for Val {
    fn from(s: &'static str) -> Self {
        if s.is_empty() {
            Val::Blank
        } else {
            Val::Str(s)
        }
    }
}

impl From<f64> for Val {
    fn from(x: f64) -> Self {
        Val::Num(x)
    }
}

impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Self {
        v.map_or(Val::Blank, Into::into)
    }
}

/// Scores typed as text: full-width digits for whole numbers, `4.5分` otherwise.
fn score_as_text(x: f64) -> Val {
    if x.fract() == 0.0 {
        // Full-width digits sit at a fixed offset from ASCII ones.
        let digits = format!("{x}")
            .chars()
            .map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c))
            .collect();
        Val::Text(digits)
    } else {
        Val::Text(format!("{x}分"))
    }
}

fn column_name(col: u16) -> char {
    char::from(b'A' + u8::try_from(col).expect("tables stay within A–Z"))
}

struct Styles {
    title: Format,
    label: Format,
    header: Format,
    text: Format,
    center: Format,
    section: Format,
    date: Format,
    date_chinese: Format,
    bold_center: Format,
}

impl Styles {
    fn new() -> Self {
        let base = Format::new().set_font_name("宋体").set_font_size(11);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let center = cell.clone().set_align(FormatAlign::Center);
        Styles {
            title: base
                .clone()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            label: base.clone(),
            header: center.clone().set_bold().set_text_wrap(),
            text: cell.clone().set_text_wrap(),
            section: cell.clone().set_bold(),
            date: center.clone().set_num_format("yyyy-mm-dd"),
            date_chinese: center.clone().set_num_format("yyyy\"年\"m\"月\"d\"日\""),
            bold_center: center.clone().set_bold(),
            center,
        }
    }
}

fn put(ws: &mut Worksheet, row: u32, col: u16, val: &Val, st: &Styles) -> Result<()> {
    match val {
        Val::Str(s) => {
            ws.write_string_with_format(row, col, *s, &st.text)?;
        }
        Val::Text(s) => {
            ws.write_string_with_format(row, col, s, &st.text)?;
        }
        Val::Num(x) => {
            ws.write_number_with_format(row, col, *x, &st.center)?;
        }
        Val::Blank => {
            ws.write_blank(row, col, &st.text)?;
        }
        Val::Sum(formula, result) => {
            let formula = Formula::new(formula).set_result(format!("{result}"));
            ws.write_formula_with_format(row, col, formula, &st.bold_center)?;
        }
        Val::Date(d @ Ymd(y, m, day), form) => {
            match form {
                DateForm::Cell | DateForm::CellChinese | DateForm::Mixed => {
                    let format = match form {
                        DateForm::CellChinese => &st.date_chinese,
                        _ => &st.date,
                    };
                    let date = ExcelDateTime::from_ymd(*y, *m, *day)?;
                    ws.write_datetime_with_format(row, col, &date, format)?;
                }
                DateForm::Digits => {
                    ws.write_number_with_format(row, col, f64::from(digits(*d)), &st.center)?;
                }
                DateForm::Slash => put_text(ws, row, col, format!("{y}/{m}/{day}"), st)?,
                DateForm::Chinese => put_text(ws, row, col, format!("{y}年{m}月{day}日"), st)?,
                DateForm::Dot => put_text(ws, row, col, format!("{y}.{m}.{day}"), st)?,
                DateForm::Iso => put_text(ws, row, col, format!("{y}-{m:02}-{day:02}"), st)?,
                DateForm::DigitsText => put_text(ws, row, col, digits(*d).to_string(), st)?,
            };
        }
    }
    Ok(())
}

fn put_text(ws: &mut Worksheet, row: u32, col: u16, text: String, st: &Styles) -> Result<()> {
    ws.write_string_with_format(row, col, text, &st.center)?;
    Ok(())
}

fn digits(Ymd(y, m, d): Ymd) -> u32 {
    u32::from(y) * 10_000 + u32::from(m) * 100 + u32::from(d)
}

fn put_row(ws: &mut Worksheet, row: u32, vals: &[Val], st: &Styles) -> Result<()> {
    for (col, val) in (0u16..).zip(vals) {
        put(ws, row, col, val, st)?;
    }
    Ok(())
}

/// A merged title across the table's width.
fn put_title(ws: &mut Worksheet, row: u32, width: u16, title: &str, st: &Styles) -> Result<()> {
    ws.merge_range(row, 0, row, width - 1, title, &st.title)?;
    ws.set_row_height(row, 30)?;
    Ok(())
}

fn put_headers(ws: &mut Worksheet, row: u32, headers: &[&str], st: &Styles) -> Result<()> {
    for (col, header) in (0u16..).zip(headers) {
        ws.write_string_with_format(row, col, *header, &st.header)?;
    }
    ws.set_repeat_rows(row, row)?;
    Ok(())
}

fn set_widths(ws: &mut Worksheet, widths: &[f64]) -> Result<()> {
    for (col, width) in (0u16..).zip(widths) {
        ws.set_column_width(col, *width)?;
    }
    // A4, as everything here gets printed and filed.
    ws.set_paper_size(9);
    Ok(())
}

fn new_workbook(title: &str, author: &str) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the files byte-identical between runs.
    let created = ExcelDateTime::from_ymd(2026, 1, 8)?.and_hms(9, 0, 0)?;
    let properties = DocProperties::new()
        .set_title(title)
        .set_author(author)
        .set_company(ISSUER)
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    Ok(workbook)
}

fn save(mut workbook: Workbook, root: &Path, relative: &str) -> Result<()> {
    let path = root.join(relative);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    if path.exists() {
        fs::remove_file(&path)?;
    }
    workbook.save(&path)?;
    println!("{relative}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Writers, one per sheet kind
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Period {
    YearEnd,
    HalfYear(&'static str),
}

fn code_cell(form: CodeForm, (section, number): (u8, u8)) -> Val {
    const NUMERALS: [&str; 4] = ["一", "二", "三", "四"];
    let numeral = NUMERALS[usize::from(section) - 1];
    match form {
        CodeForm::Dotted => Val::Text(format!("{section}.{number}")),
        CodeForm::Dashed => Val::Text(format!("{section}-{number}")),
        CodeForm::ChineseDot => Val::Text(format!("{numeral}.{number}")),
        CodeForm::Bracketed => Val::Text(format!("（{numeral}）{number}")),
        CodeForm::Numeric => Val::Num(
            format!("{section}.{number}")
                .parse()
                .expect("a decimal number"),
        ),
    }
}

fn write_self_check(root: &Path, h: usize, period: Period, st: &Styles) -> Result<()> {
    let hall = &HALLS[h];
    let lay = layout(h);
    let half_year = period != Period::YearEnd;
    let (title, folder, filed) = match period {
        Period::YearEnd => (
            "年度专业办事大厅窗口服务工作考核自查评分表",
            "年终自查",
            FILED_YEAR_END,
        ),
        Period::HalfYear(_) => (
            "年上半年专业办事大厅窗口服务工作自查评分表",
            "半年自查",
            FILED_HALF_YEAR,
        ),
    };
    // Half-year forms have no assessment column: nobody assesses them.
    let headers: Vec<&str> = lay
        .headers
        .iter()
        .enumerate()
        .filter(|&(col, _)| !(half_year && col == 4))
        .map(|(_, header)| *header)
        .collect();
    let width = u16::try_from(headers.len())?;
    let (max_col, self_col) = (2u16, 3u16);
    let assessed_col = (!half_year).then_some(4u16);

    let mut workbook = new_workbook(&format!("{YEAR}{title}"), hall.name)?;
    let ws = workbook.add_worksheet();
    ws.set_name(lay.sheet)?;
    let mut widths = vec![9.0, 48.0, 8.0, 10.0, 10.0, 26.0];
    widths.truncate(headers.len());
    set_widths(ws, &widths)?;

    let mut row = 0;
    if lay.title {
        put_title(ws, row, width, &format!("{YEAR}{title}"), st)?;
        row += 1;
    }
    let mut fields = vec![("填报单位", Val::Str(unit_as_written(h)))];
    if let Some(year) = &lay.year {
        fields.push(("考核年度", year.clone()));
    }
    match period {
        Period::HalfYear(written) => fields.push(("考核期间", Val::Str(written))),
        Period::YearEnd => {
            if let Some(written) = lay.period {
                fields.push(("考核期间", Val::Str(written)));
            }
        }
    }
    row = put_fields(ws, row, lay.labels, &fields, st)?;
    row += 1; // clerks leave a gap before the table
    put_headers(ws, row, &headers, st)?;
    row += 1;

    let first_data = row;
    let (mut max_sum, mut self_sum, mut assessed_sum) = (0.0, 0.0, 0.0);
    for (i, item) in ITEMS.iter().enumerate() {
        let (section, number) = item.code;
        if lay.sections && number == 1 {
            let caption = SECTIONS[usize::from(section) - 1];
            ws.merge_range(row, 0, row, width - 1, caption, &st.section)?;
            row += 1;
        }
        let own = if half_year {
            half_year_score(h, i)
        } else {
            self_score(h, i)
        };
        let assessed = (!half_year && (h, i) != NOT_REVIEWED).then_some(ASSESSED[h][i]);
        let typed_as_text = !lay.formula_total && mix(h, i) % 5 == 2;
        let cells = [
            code_cell(lay.codes, item.code),
            Val::Str(item.content),
            if lay.max_as_text {
                Val::Text(format!("{}分", item.max))
            } else {
                Val::Num(item.max)
            },
            if typed_as_text {
                score_as_text(own)
            } else {
                Val::Num(own)
            },
            assessed.into(),
            if own < item.max {
                Val::Str(item.shortfall)
            } else {
                lay.full_note.into()
            },
        ];
        for (col, cell) in (0u16..).zip(&cells) {
            let target = match col {
                4 if half_year => continue,
                5 if half_year => 4,
                col => col,
            };
            put(ws, row, target, cell, st)?;
        }
        max_sum += item.max;
        self_sum += own;
        assessed_sum += assessed.unwrap_or(0.0);
        row += 1;
    }

    // 合计: the clerk's check sums, equal to the rows above.
    ws.merge_range(row, 0, row, 1, "合计", &st.bold_center)?;
    let mut totals = vec![(max_col, max_sum), (self_col, self_sum)];
    if let Some(col) = assessed_col {
        totals.push((col, assessed_sum));
    }
    for (col, sum) in totals {
        let total = if lay.formula_total {
            let letter = column_name(col);
            Val::Sum(
                format!("SUM({letter}{}:{letter}{row})", first_data + 1),
                sum,
            )
        } else {
            Val::Num(sum)
        };
        put(ws, row, col, &total, st)?;
    }
    ws.write_blank(row, width - 1, &st.text)?;
    row += 1;

    let Ymd(y, m, d) = filed;
    let footer = [
        format!("{}：{}", lay.preparer, hall.clerk),
        format!("审核人：{}", hall.reviewer),
        format!("填报日期：{y}年{m}月{d}日"),
    ];
    for (col, text) in [0u16, 2, 3].into_iter().zip(footer) {
        ws.write_string_with_format(row + 1, col, text, &st.label)?;
    }
    if lay.max_as_text {
        let note = "说明：请各大厅对照《办事大厅服务考核指导方案》逐项自查，如实填写。";
        ws.write_string_with_format(row + 2, 0, note, &st.label)?;
    }

    save(workbook, root, &format!("{folder}/{}.xlsx", hall.name))
}

/// Writes the labelled fields above the header; returns the next free row.
fn put_fields(
    ws: &mut Worksheet,
    row: u32,
    labels: Labels,
    fields: &[(&str, Val)],
    st: &Styles,
) -> Result<u32> {
    match labels {
        Labels::Inline(colon) => {
            // All on one line, spaced out the way a clerk would.
            for ((label, value), col) in fields.iter().zip([0u16, 2, 4]) {
                let value = match value {
                    Val::Str(s) => (*s).to_string(),
                    Val::Num(x) => format!("{x}"),
                    _ => unreachable!("labelled fields are text or numbers"),
                };
                ws.write_string_with_format(row, col, format!("{label}{colon}{value}"), &st.label)?;
            }
            Ok(row + 1)
        }
        Labels::Split | Labels::SplitColon => {
            let (suffix, gap) = match labels {
                Labels::Split => ("", 2),
                _ => ("：", 1),
            };
            // Two fields a line, the value right of its label.
            for (k, (label, value)) in fields.iter().enumerate() {
                let line = row + u32::try_from(k / 2)?;
                let (col, value_col) = if k % 2 == 0 { (0, gap) } else { (4, 5) };
                let label_cell = format!("{label}{suffix}");
                ws.write_string_with_format(line, col, label_cell, &st.label)?;
                match value {
                    Val::Num(x) => ws.write_number_with_format(line, value_col, *x, &st.label)?,
                    Val::Str(s) => ws.write_string_with_format(line, value_col, *s, &st.label)?,
                    _ => unreachable!("labelled fields are text or numbers"),
                };
            }
            Ok(row + u32::try_from(fields.len().div_ceil(2))?)
        }
    }
}

fn write_month_log(root: &Path, log: &MonthLog, st: &Styles) -> Result<()> {
    let month = log.month;
    let mut records: Vec<Inspection> = FINDINGS
        .into_iter()
        .filter(|r| r.date.1 == month)
        .chain(routine_visits(month))
        .collect();
    records.sort_by_key(|r| digits(r.date));

    let title = format!("{YEAR}年{month}月明察暗访检查记录");
    let mut workbook = new_workbook(&title, "行政服务监督科")?;
    let ws = workbook.add_worksheet();
    ws.set_name(format!("{month}月"))?;
    set_widths(ws, &[13.0, 8.0, 9.0, 20.0, 16.0, 36.0, 9.0, 7.0, 9.0, 14.0])?;
    put_title(ws, 0, 10, &title, st)?;
    put_headers(ws, 1, &log.headers, st)?;
    ws.set_freeze_panes(2, 0)?;

    let mut row = 2;
    let mut total = 0.0;
    for (k, r) in records.iter().enumerate() {
        let item = match (r.item, log.numeric_items) {
            ("", _) => Val::Blank,
            (code, true) => Val::Num(code.parse()?),
            (code, false) => Val::Str(code),
        };
        let problem = match r.problem {
            "" => NOTHING_FOUND[k % NOTHING_FOUND.len()].into(),
            text => Val::Str(text),
        };
        put_row(
            ws,
            row,
            &[
                Val::Date(r.date, log.dates.for_row(k)),
                Val::Str(r.level),
                Val::Str(r.method),
                Val::Str(r.hall),
                Val::Str(r.window),
                problem,
                item,
                r.deduction.into(),
                r.criticised.into(),
                Val::Str(r.inspectors),
            ],
            st,
        )?;
        total += r.deduction.unwrap_or(0.0);
        row += 1;
    }
    if log.subtotal {
        ws.write_string_with_format(row, 0, "小计", &st.bold_center)?;
        // Tenths, so that the cached result reads 1.5 and not 1.5000000000000002.
        let total = (total * 10.0).round() / 10.0;
        put(ws, row, 7, &Val::Sum(format!("SUM(H3:H{row})"), total), st)?;
        row += 1;
    }
    let note = "备注：扣分计入年终考核对应项目，通报批评情况以正式通报为准。";
    ws.write_string_with_format(row + 1, 0, note, &st.label)?;

    save(
        workbook,
        root,
        &format!("明察暗访/{YEAR}年{month:02}月检查记录.xlsx"),
    )
}

fn write_attendance(root: &Path, st: &Styles) -> Result<()> {
    let title = format!("{YEAR}年度例会及各类活动考勤登记表");
    let mut workbook = new_workbook(&title, "行政服务监督科")?;
    let ws = workbook.add_worksheet();
    ws.set_name("考勤")?;
    set_widths(ws, &[13.0, 36.0, 9.0, 20.0, 10.0, 8.0])?;
    put_title(ws, 0, 6, &title, st)?;
    let headers = ["日期", "会议名称", "活动类型", "单位", "人员", "考勤"];
    put_headers(ws, 1, &headers, st)?;
    ws.set_freeze_panes(2, 0)?;

    let mut row = 2;
    for (m, meeting) in MEETINGS.iter().enumerate() {
        // The third-quarter sheet was typed by a temp who wrote dates out in full.
        let date_form = if m == 3 {
            DateForm::Chinese
        } else {
            DateForm::Cell
        };
        for (h, hall) in HALLS.iter().enumerate() {
            let people = if meeting.two_each {
                vec![(hall.clerk, false), (SECOND_PEOPLE[h], true)]
            } else {
                vec![(hall.clerk, false)]
            };
            for (person, second) in people {
                let status = ABSENCES
                    .iter()
                    .find(|&&(am, ah, a2, _)| (am, ah, a2) == (m, h, second))
                    .map_or("出席", |&(.., status)| status);
                // A stray full-width space, as WPS users type; it normalises away.
                let unit = if (m, h) == (0, 9) {
                    "水电气报装　大厅"
                } else {
                    hall.name
                };
                let cells = [
                    Val::Date(meeting.date, date_form),
                    Val::Str(meeting.name),
                    Val::Str(meeting.kind),
                    Val::Str(unit),
                    Val::Str(person),
                    Val::Str(status),
                ];
                put_row(ws, row, &cells, st)?;
                row += 1;
            }
        }
    }
    save(workbook, root, &format!("考勤/{YEAR}年例会考勤.xlsx"))
}

fn write_bonus(root: &Path, st: &Styles) -> Result<()> {
    let mut workbook = new_workbook(&format!("{YEAR}年度加分申报汇总"), "行政服务监督科")?;

    let ws = workbook.add_worksheet();
    ws.set_name("表彰")?;
    set_widths(ws, &[20.0, 34.0, 26.0, 8.0, 8.0, 10.0, 22.0, 14.0])?;
    put_title(ws, 0, 8, &format!("{YEAR}年度各大厅获得表彰情况汇总"), st)?;
    let headers = [
        "大厅",
        "荣誉名称",
        "授予单位",
        "级别",
        "类型",
        "获奖人",
        "文号",
        "授予日期",
    ];
    put_headers(ws, 1, &headers, st)?;
    for (row, h) in (2u32..).zip(&HONOURS) {
        let cells = [
            Val::Str(h.hall),
            Val::Str(h.title),
            Val::Str(h.authority),
            h.level.into(),
            Val::Str(if h.collective { "集体" } else { "个人" }),
            h.person.into(),
            Val::Str(h.document),
            Val::Date(h.date, h.date_form),
        ];
        put_row(ws, row, &cells, st)?;
    }

    let ws = workbook.add_worksheet();
    ws.set_name("流动红旗")?;
    set_widths(ws, &[20.0, 12.0, 12.0])?;
    put_headers(ws, 0, &["大厅", "季度", "年度"], st)?;
    for (row, (hall, quarter, year)) in (1u32..).zip(RED_FLAGS) {
        put_row(ws, row, &[Val::Str(hall), quarter, year], st)?;
    }

    let ws = workbook.add_worksheet();
    ws.set_name("稿件")?;
    set_widths(ws, &[20.0, 44.0, 24.0, 10.0, 14.0])?;
    put_title(ws, 0, 5, &format!("{YEAR}年度各大厅宣传稿件刊登情况"), st)?;
    put_headers(
        ws,
        1,
        &["大厅", "稿件标题", "刊登媒体", "媒体类别", "刊登日期"],
        st,
    )?;
    for (row, cells) in (2u32..).zip(article_rows()) {
        put_row(ws, row, &cells, st)?;
    }

    let ws = workbook.add_worksheet();
    ws.set_name("竞赛获奖")?;
    set_widths(ws, &[20.0, 40.0, 10.0, 26.0, 14.0])?;
    put_headers(
        ws,
        0,
        &["大厅", "竞赛名称", "名次", "主办单位", "获奖日期"],
        st,
    )?;
    for (row, (hall, contest, place, organiser, date)) in (1u32..).zip(PRIZES) {
        let cells = [
            Val::Str(hall),
            Val::Str(contest),
            Val::Str(place),
            organiser.into(),
            Val::Date(date, DateForm::Cell),
        ];
        put_row(ws, row, &cells, st)?;
    }

    save(workbook, root, "加分/加分申报汇总.xlsx")
}

/// Every hall's articles from `ARTICLE_COUNTS` in category order, each hall followed by its
/// special rows from `EXTRA_ARTICLES`.
fn article_rows() -> Vec<[Val; 5]> {
    let mut rows = Vec::new();
    for (h, (hall, counts)) in HALLS.iter().zip(ARTICLE_COUNTS).enumerate() {
        let mut n = 0usize;
        for ((category, outlet), count) in OUTLETS.iter().zip(counts) {
            for _ in 0..count {
                let topic = TOPICS[(h * 5 + n) % TOPICS.len()];
                let month = 1 + u8::try_from((h + n * 5) % 12).expect("a month");
                let day = 3 + u8::try_from((h * 3 + n * 7) % 25).expect("a day");
                // Clerks paste dates from the papers' mastheads now and then.
                let form = if n % 4 == 3 {
                    DateForm::Chinese
                } else {
                    DateForm::Cell
                };
                rows.push([
                    Val::Str(hall.name),
                    Val::Text(format!("{}{topic}", hall.name)),
                    Val::Str(outlet),
                    Val::Str(category),
                    Val::Date(Ymd(YEAR, month, day), form),
                ]);
                n += 1;
            }
        }
        let extras = EXTRA_ARTICLES
            .iter()
            .filter(|(written, ..)| *written == hall.name || hall.aliases.contains(written));
        for &(written, title, outlet, category, date) in extras {
            rows.push([
                Val::Str(written),
                Val::Str(title),
                Val::Str(outlet),
                Val::Str(category),
                Val::Date(date, DateForm::Cell),
            ]);
        }
    }
    rows
}

fn write_veto(root: &Path, st: &Styles) -> Result<()> {
    let title = format!("{YEAR}年度否决事项登记表");
    let mut workbook = new_workbook(&title, "行政服务监督科")?;
    let ws = workbook.add_worksheet();
    ws.set_name("否决事项")?;
    set_widths(ws, &[20.0, 50.0, 12.0, 14.0])?;
    put_title(ws, 0, 4, &title, st)?;
    put_headers(ws, 1, &["大厅", "事项", "类别", "日期"], st)?;
    let (hall, matter, category, date) = VETO;
    let cells = [
        Val::Str(hall),
        Val::Str(matter),
        Val::Str(category),
        Val::Date(date, DateForm::Cell),
    ];
    put_row(ws, 2, &cells, st)?;
    save(workbook, root, "否决事项.xlsx")
}

fn write_settings(root: &Path) -> Result<()> {
    let mut toml = format!(
        "# 示例市{YEAR}年度专业办事大厅窗口服务工作考核：运行设置\n\
         # 本文件由 examples/make_inputs.rs 生成，修改请改生成程序后重新生成。\n\
         \n\
         # 考核年度\n\
         year = {YEAR}\n\
         # 发文机关，也是委内各类竞赛的主办单位\n\
         issuer = \"{ISSUER}\"\n\
         \n\
         # 大厅名录：总分相同时按此顺序排列；aliases 为各类表格中常用的简称。\n"
    );
    for hall in &HALLS {
        toml.push_str(&format!("\n[[hall]]\nname = \"{}\"\n", hall.name));
        if !hall.aliases.is_empty() {
            let quoted: Vec<String> = hall.aliases.iter().map(|a| format!("\"{a}\"")).collect();
            toml.push_str(&format!("aliases = [{}]\n", quoted.join(", ")));
        }
    }
    toml.push_str("\n# 授予单位的行政级别：按名称关键词推断会出错的单位，在此直接写明。\n[authority_levels]\n");
    for (authority, level, why) in AUTHORITY_LEVELS {
        toml.push_str(&format!("\"{authority}\" = \"{level}\"    # {why}\n"));
    }
    toml.push_str(
        "\n# 通报的发文设置：成文日期、发文字号（机关代字和序号）、主送、抄送、印发机关。\n\
         [document]\n\
         date = \"2026-01-15\"\n\
         code = \"示行管\"\n\
         number = 1\n\
         quarter_numbers = [12, 25, 37, 48]\n\
         quarter_dates = [\"2025-04-10\", \"2025-07-10\", \"2025-10-13\", \"2026-01-12\"]\n\
         addressee = \"各专业办事大厅\"\n\
         cc = \"市政府办公室，市纪委监委驻市政府办公室纪检监察组。\"\n\
         # 提请表彰请示（上行文）的签发人、附注中的联系人和电话\n\
         signer = \"王明\"\n\
         contact = \"李华\"\n\
         phone = \"0000-12345678\"\n",
    );
    write_text(root, "kaohe.toml", &toml)
}

fn write_text(root: &Path, relative: &str, text: &str) -> Result<()> {
    fs::create_dir_all(root)?;
    fs::write(root.join(relative), text)?;
    println!("{relative}");
    Ok(())
}

fn main() -> Result<()> {
    let Some(root) = std::env::args_os().nth(1) else {
        eprintln!("用法: cargo run --example make_inputs -- <输出文件夹>");
        std::process::exit(2);
    };
    let root = Path::new(&root);
    let st = Styles::new();

    write_settings(root)?;
    // Not a workbook: the tool reports it with a notice, as it would a clerk's stray note.
    write_text(
        root,
        "说明.txt",
        "本文件夹为示例市2025年度专业办事大厅窗口服务工作考核的示例数据，由 examples/make_inputs.rs 生成。\n\
         年终自查、半年自查为各大厅自查评分表，明察暗访、考勤、加分、否决事项为监督科的平时考核记录。\n",
    )?;
    for h in 0..HALLS.len() {
        write_self_check(root, h, Period::YearEnd, &st)?;
    }
    for (h, written) in HALF_YEAR {
        write_self_check(root, h, Period::HalfYear(written), &st)?;
    }
    for log in &MONTH_LOGS {
        write_month_log(root, log, &st)?;
    }
    write_attendance(root, &st)?;
    write_bonus(root, &st)?;
    write_veto(root, &st)
}
