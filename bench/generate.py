#!/usr/bin/env python3
"""Deterministic generator of a synthetic bilingual corpus for `make bench`.

For N page pairs it writes, under OUT/:

  bund/Content/   a Bund site (site.yaml, home, ~20 sections, N pages in English and Chinese,
                  data/tags.yaml, and data/figures.yaml for the figures the home page shows)
  bund/Templates/ the repository's real Templates/, less the page templates no corpus page uses
                  (figures, timeline, glossary: they need the real site's data tables)
  hugo/           the same corpus as a multilingual Hugo site (translation by file name) with
                  layouts doing comparable work (see bench/hugo/layouts)

The same seed and N always give the same bytes (no clock, no hash randomisation, sorted output).
Bodies: mostly 0.5-5 KB (log-uniform), about 2 % of 30 KB; headings, lists, code, quotes, tables,
emphasis, external links and relative `.md` links between pages (resolved by both generators to the
page of the same language). Chinese pages are written in Chinese words and punctuation.

About 40 % of the pages are written the way Hugo and Zola sites are (REAL_FORMS_SHARE): dates with a
time and a zone (`2021-02-24T11:14:00+08:00`), links written as page URLs (`../other-slug/`,
`../../section/slug/`, `/en/section/slug/`), free-text tags in each language (`green development`,
`绿色发展`) beside the tags.yaml ids, and every page has ordinary numbers with units (`最高100万元`,
`up to RMB 100 million`, `1,200 companies`) that are no figure.

    python3 bench/generate.py --pairs 1000 --out .build/bench/corpus-1000
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
from pathlib import Path

GENERATOR_VERSION = 7  # bump when the output changes, so run.py regenerates cached corpora
DEFAULT_SEED = 20230129
HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------------------------
# Vocabulary

SECTIONS = [
    ("manufacturing", "Manufacturing", "制造业"),
    ("energy", "Energy", "能源"),
    ("transport", "Transport", "交通运输"),
    ("finance", "Finance", "金融"),
    ("trade", "Foreign trade", "对外贸易"),
    ("technology", "Science and technology", "科技创新"),
    ("agriculture", "Agriculture", "农业农村"),
    ("environment", "Environment", "生态环境"),
    ("health", "Health", "医疗卫生"),
    ("education", "Education", "教育"),
    ("housing", "Housing", "住房保障"),
    ("culture", "Culture and tourism", "文化旅游"),
    ("employment", "Employment", "就业"),
    ("urban-planning", "Urban planning", "城市规划"),
    ("digital-economy", "Digital economy", "数字经济"),
    ("logistics", "Logistics", "现代物流"),
    ("biomedicine", "Biomedicine", "生物医药"),
    ("semiconductors", "Integrated circuits", "集成电路"),
    ("automotive", "Automotive", "汽车产业"),
    ("policy", "Policy notes", "政策解读"),
]
# Relative sizes of the sections (some are busier than others).
SECTION_WEIGHTS = [9, 6, 5, 7, 5, 8, 3, 4, 4, 3, 2, 3, 4, 3, 6, 3, 5, 6, 5, 9]
MENU = ["manufacturing", "technology", "finance", "digital-economy", "policy", "trade"]

# Free-text tags, as editors write them in each language (no tags.yaml entry).
FREE_TAGS = [("green development", "绿色发展"), ("FDI", "外商投资"), ("supply chain", "产业链"),
             ("SMEs", "中小企业"), ("Pudong", "浦东")]

REAL_FORMS_SHARE = 0.4

TAGS = [
    ("industrial-investment", "Industrial investment", "工业投资"),
    ("investment-promotion", "Investment promotion", "招商引资"),
    ("project-delivery", "Project delivery", "项目推进"),
    ("technological-transformation", "Technological transformation", "技术改造"),
    ("integrated-circuits", "Integrated circuits", "集成电路"),
    ("new-energy-vehicles", "New energy vehicles", "新能源汽车"),
    ("artificial-intelligence", "Artificial intelligence", "人工智能"),
    ("biomedicine", "Biomedicine", "生物医药"),
    ("green-finance", "Green finance", "绿色金融"),
    ("carbon-peaking", "Carbon peaking", "碳达峰"),
    ("carbon-neutrality", "Carbon neutrality", "碳中和"),
    ("hydrogen", "Hydrogen", "氢能"),
    ("photovoltaics", "Photovoltaics", "光伏"),
    ("offshore-wind", "Offshore wind", "海上风电"),
    ("power-grid", "Power grid", "电网"),
    ("ports", "Ports", "港口"),
    ("shipping", "Shipping", "航运"),
    ("aviation", "Aviation", "航空"),
    ("rail", "Rail", "轨道交通"),
    ("free-trade-zone", "Free trade zone", "自由贸易试验区"),
    ("lingang", "Lingang", "临港新片区"),
    ("yangtze-delta", "Yangtze River Delta", "长三角"),
    ("ciie", "CIIE", "进博会"),
    ("exports", "Exports", "出口"),
    ("imports", "Imports", "进口"),
    ("foreign-investment", "Foreign investment", "外商投资"),
    ("smes", "Small and medium enterprises", "中小企业"),
    ("state-owned-enterprises", "State-owned enterprises", "国有企业"),
    ("private-economy", "Private economy", "民营经济"),
    ("startups", "Start-ups", "初创企业"),
    ("venture-capital", "Venture capital", "风险投资"),
    ("capital-markets", "Capital markets", "资本市场"),
    ("star-market", "STAR Market", "科创板"),
    ("data-centres", "Data centres", "数据中心"),
    ("5g", "5G", "5G"),
    ("industrial-internet", "Industrial internet", "工业互联网"),
    ("smart-factories", "Smart factories", "智能工厂"),
    ("robotics", "Robotics", "机器人"),
    ("new-materials", "New materials", "新材料"),
    ("high-end-equipment", "High-end equipment", "高端装备"),
    ("fashion-consumer-goods", "Fashion consumer goods", "时尚消费品"),
    ("retail", "Retail", "零售"),
    ("tourism", "Tourism", "旅游"),
    ("talent", "Talent", "人才"),
    ("universities", "Universities", "高校"),
    ("vocational-training", "Vocational training", "职业培训"),
    ("public-housing", "Public housing", "保障性住房"),
    ("urban-renewal", "Urban renewal", "城市更新"),
    ("land-use", "Land use", "土地利用"),
    ("approvals", "Approvals and construction", "审批与建设"),
    ("statistics", "Statistics", "统计数据"),
    ("press-conference", "Press conference", "新闻发布会"),
    ("five-year-plan", "Five-year plan", "五年规划"),
    ("regulation", "Regulation", "监管"),
    ("public-health", "Public health", "公共卫生"),
    ("elderly-care", "Elderly care", "养老服务"),
    ("water", "Water", "水务"),
    ("air-quality", "Air quality", "空气质量"),
    ("agritech", "Agricultural technology", "农业科技"),
    ("rural-revitalisation", "Rural revitalisation", "乡村振兴"),
]

EN_ADJ = [
    "industrial", "regional", "municipal", "strategic", "digital", "green", "advanced", "local",
    "annual", "new", "major", "public", "private", "national", "cross-border", "low-carbon",
    "high-end", "emerging", "traditional", "key", "smart", "integrated", "urban", "rural",
]
EN_NOUN = [
    "investment", "output", "capacity", "project", "plan", "policy", "district", "enterprise",
    "market", "supply chain", "workforce", "platform", "network", "park", "programme", "fund",
    "reform", "standard", "cluster", "service", "facility", "budget", "target", "pilot zone",
    "infrastructure", "demand", "export", "partnership", "factory", "laboratory", "corridor",
]
EN_VERB = ["grew", "expanded", "rose", "fell", "recovered", "increased", "contracted"]
EN_STATE = ["slowed", "stabilised", "accelerated", "improved", "held steady", "outpaced forecasts",
            "reached a record"]
EN_ACTOR = [
    "the municipal government", "the commission", "district authorities", "local enterprises",
    "the statistics bureau", "industry associations", "state-owned groups", "foreign investors",
    "research institutes", "the development zone", "the central bank branch", "city planners",
]
EN_ACTION = [
    "announced", "reviewed", "approved", "launched", "extended", "published", "revised", "evaluated",
    "funded", "streamlined", "consolidated", "piloted",
]
EN_CONNECT = [
    "At the same time,", "In the first half,", "By the end of the year,", "Compared with last year,",
    "According to the report,", "In practice,", "Over the period,", "As a result,", "Meanwhile,",
    "For the second year running,", "In several districts,", "Taken together,",
]
EN_TAIL = [
    "with most of the growth coming from new projects",
    "although smaller firms reported tighter margins",
    "which officials attributed to faster approvals",
    "as demand from neighbouring provinces picked up",
    "in line with the targets set at the start of the year",
    "despite disruptions to logistics in the spring",
    "while spending on research continued to climb",
    "according to figures released this month",
]

ZH_SUBJ = [
    "全市工业投资", "重点产业项目", "先进制造业", "战略性新兴产业", "外商直接投资", "规模以上工业企业",
    "集成电路产业", "生物医药产业", "人工智能企业", "新能源汽车产量", "数字经济规模", "进出口总额",
    "社会消费品零售总额", "固定资产投资", "高新技术企业数量", "研发经费投入", "城市更新项目", "港口集装箱吞吐量",
]
ZH_PRED = ["同比增长", "比上年增长", "同比下降", "较上年提高", "同比增加"]  # followed by a percentage
ZH_STATE = ["保持较快增长", "实现稳步回升", "创历史新高", "增速明显加快", "总体保持稳定", "连续三年增长",
            "好于预期", "继续领跑全国"]
ZH_ACTOR = [
    "市政府", "市经济信息化委", "各区政府", "市发展改革委", "市商务委", "市统计局", "临港新片区管委会",
    "行业协会", "龙头企业", "科研院所", "金融机构", "园区管理机构",
]
ZH_ACTION = [
    "出台了", "发布了", "修订了", "启动了", "落实了", "完善了", "推出了", "深化了", "优化了", "部署了",
]
ZH_OBJ = [
    "一系列支持政策", "新一轮行动方案", "重大项目清单", "营商环境改革措施", "产业发展专项资金",
    "人才引进计划", "审批制度改革", "数字化转型指南", "绿色低碳发展规划", "招商引资工作机制",
    "产业链协同机制", "技术改造专项", "中小企业服务体系", "跨境贸易便利化措施",
]
ZH_CONNECT = [
    "与此同时，", "上半年，", "截至年底，", "与上年相比，", "据统计，", "从实际情况看，", "总体来看，",
    "在此基础上，", "此外，", "下一步，", "从结构上看，", "值得注意的是，",
]
ZH_TAIL = [
    "其中新开工项目贡献了主要增量", "但部分中小企业经营压力仍然较大", "审批效率提升是重要原因",
    "长三角地区需求回暖带动明显", "符合年初确定的目标任务", "尽管春季物流一度受阻",
    "研发投入继续保持增长", "相关数据已于本月正式发布", "为全年目标的实现打下了基础",
]
ZH_HEADINGS = [
    "总体情况", "主要成效", "重点任务", "政策措施", "数据分析", "存在的问题", "下一步工作", "典型案例",
    "背景介绍", "实施路径", "保障措施", "专家观点", "区域布局", "项目进展", "资金安排", "附录说明",
]
EN_HEADINGS = [
    "Overview", "Results", "Main tasks", "Policy measures", "What the data show", "Open questions",
    "Next steps", "Case studies", "Background", "How it will be done", "Support and safeguards",
    "What experts say", "Where the projects are", "Progress so far", "Funding", "Notes on the data",
]
CODE_SAMPLES = [
    ("python", [
        "import csv",
        "",
        "with open('investment.csv', newline='') as f:",
        "    rows = list(csv.DictReader(f))",
        "total = sum(float(r['value']) for r in rows)",
        "print(f'total: {total:.1f} billion')",
    ]),
    ("sh", [
        "curl -s https://data.example.org/api/v1/projects?year=2023 \\",
        "  | jq '.items[] | select(.stage == \"started\") | .name'",
    ]),
    ("sql", [
        "SELECT district, SUM(investment) AS total",
        "FROM projects",
        "WHERE year = 2023 AND stage IN ('signed', 'started')",
        "GROUP BY district",
        "ORDER BY total DESC;",
    ]),
    ("json", [
        '{"key": "industrial_investment_2022", "value": 170,',
        ' "unit": "rmb_billion", "qualifier": "more_than"}',
    ]),
    ("text", [
        "district        projects   investment (RMB bn)",
        "Pudong               412                 61.2",
        "Minhang              133                 18.4",
        "Jiading              121                 17.9",
    ]),
]


# ---------------------------------------------------------------------------------------------
# Text


class Writer:
    """Makes sentences, paragraphs and blocks in one language."""

    def __init__(self, rng: random.Random, chinese: bool):
        self.rng = rng
        self.zh = chinese

    def number(self, kind: int | None = None) -> str:
        """0 a percentage, 1 an amount of money, 2 a count, 3 a year, 4 a capped amount in 万元 / million."""
        r = self.rng
        kind = r.randrange(4) if kind is None else kind
        if kind == 4:
            return (f"最高{r.randrange(10, 500)}万元" if self.zh else f"up to RMB {r.randrange(1, 50)} million")
        if kind == 0:
            return f"{r.randrange(2, 40)}.{r.randrange(10)}%"
        if kind == 1:
            return (f"{r.randrange(10, 999)}亿元" if self.zh else f"RMB {r.randrange(10, 999)} billion")
        if kind == 2:
            return (f"{r.randrange(20, 3000)}个" if self.zh else f"{r.randrange(20, 3000):,} projects")
        return f"{r.randrange(2015, 2025)}年" if self.zh else str(r.randrange(2015, 2025))

    def sentence(self) -> str:
        r = self.rng
        if self.zh:
            form = r.randrange(4)
            if form == 0:
                s = f"{r.choice(ZH_SUBJ)}{r.choice(ZH_PRED)}{self.number(0)}，{r.choice(ZH_TAIL)}"
            elif form == 3:
                s = f"{self.number(3)}，{r.choice(ZH_SUBJ)}{r.choice(ZH_STATE)}，{r.choice(ZH_TAIL)}"
            elif form == 1:
                s = f"{r.choice(ZH_CONNECT)}{r.choice(ZH_ACTOR)}{r.choice(ZH_ACTION)}{r.choice(ZH_OBJ)}"
            else:
                s = (f"{r.choice(ZH_CONNECT)}{r.choice(ZH_SUBJ)}达到{self.number(r.randrange(1, 3))}，"
                     f"{r.choice(ZH_ACTOR)}表示将{r.choice(['继续', '进一步', '加快', '持续'])}"
                     f"{r.choice(['推进', '完善', '落实', '扩大'])}{r.choice(ZH_OBJ)}")
            if r.random() < 0.15:
                s = f"对符合条件的企业给予{self.number(4)}的支持，{r.randrange(100, 3000)}家企业受益"
            return s + "。"
        if r.random() < 0.15:
            return (f"Eligible firms receive {self.number(4)} each, and {r.randrange(100, 3000):,} companies "
                    f"have applied.")
        form = r.randrange(4)
        if form == 0:
            s = (f"{r.choice(EN_CONNECT)} {r.choice(EN_ADJ)} {r.choice(EN_NOUN)} {r.choice(EN_VERB)} "
                 f"by {self.number(0)}, {r.choice(EN_TAIL)}")
        elif form == 3:
            s = (f"In {self.number(3)}, {r.choice(EN_ADJ)} {r.choice(EN_NOUN)} {r.choice(EN_STATE)}, "
                 f"{r.choice(EN_TAIL)}")
        elif form == 1:
            s = (f"{r.choice(EN_ACTOR).capitalize()} {r.choice(EN_ACTION)} a {r.choice(EN_ADJ)} "
                 f"{r.choice(EN_NOUN)} for the {r.choice(EN_ADJ)} {r.choice(EN_NOUN)}")
        else:
            s = (f"{r.choice(EN_CONNECT)} the {r.choice(EN_NOUN)} reached {self.number(r.randrange(1, 3))}, and "
                 f"{r.choice(EN_ACTOR)} said it would \"keep the {r.choice(EN_NOUN)} on track\"")
        return s + "."

    def decorate(self, text: str) -> str:
        """Emphasis or inline code on some sentences."""
        r = self.rng.random()
        end = "。" if self.zh else ""  # CJK punctuation stays outside the emphasis (CommonMark flanking rules)
        if r < 0.12:
            return f"**{text[:len(text) - len(end)]}**{end}"
        if r < 0.2:
            return f"*{text[:len(text) - len(end)]}*{end}"
        if r < 0.25:
            code = f"`SH-{self.rng.randrange(1000, 9999)}`"
            return text + (f"项目代码为{code}。" if self.zh else f" The project code is {code}.")
        return text

    def paragraph(self, sentences: int, links: list[tuple[str, str]]) -> str:
        parts = [self.decorate(self.sentence()) for _ in range(sentences)]
        for text, href in links:
            at = self.rng.randrange(len(parts) + 1)
            if self.zh:
                parts.insert(at, f"详见[{text}]({href})。")
            else:
                parts.insert(at, f"See [{text}]({href}).")
        return ("" if self.zh else " ").join(parts)

    def list_block(self, ordered: bool) -> str:
        n = self.rng.randrange(3, 7)
        lines = []
        for i in range(n):
            item = self.sentence()
            lines.append(f"{i + 1}. {item}" if ordered else f"- {item}")
        return "\n".join(lines)

    def quote(self) -> str:
        lines = [self.sentence() for _ in range(self.rng.randrange(1, 4))]
        source = ("——" + self.rng.choice(ZH_ACTOR)) if self.zh else ("— " + self.rng.choice(EN_ACTOR))
        return "\n".join("> " + line for line in lines) + "\n>\n> " + source

    def code(self) -> str:
        lang, lines = self.rng.choice(CODE_SAMPLES)
        return f"```{lang}\n" + "\n".join(lines) + "\n```"

    def table(self) -> str:
        r = self.rng
        if self.zh:
            head = "| 区 | 项目数 | 投资额（亿元） |\n|---|---:|---:|"
            names = ["浦东新区", "闵行区", "嘉定区", "松江区", "宝山区", "金山区", "奉贤区", "青浦区"]
        else:
            head = "| District | Projects | Investment (RMB bn) |\n|---|---:|---:|"
            names = ["Pudong", "Minhang", "Jiading", "Songjiang", "Baoshan", "Jinshan", "Fengxian", "Qingpu"]
        rows = [f"| {name} | {r.randrange(20, 500)} | {r.randrange(10, 900) / 10:.1f} |"
                for name in r.sample(names, r.randrange(3, 7))]
        return head + "\n" + "\n".join(rows)

    def external_link(self) -> str:
        n = self.rng.randrange(100, 999)
        if self.zh:
            return f"原文见[发布会实录](https://www.example.gov.cn/news/{n}.html)。"
        return f"The full text is on the [press release page](https://www.example.gov.cn/news/{n}.html)."


def body(rng: random.Random, chinese: bool, target: int, links: list[tuple[str, str]],
         headings: list[int]) -> str:
    """A Markdown body of about `target` bytes (UTF-8). `headings` picks the heading texts (same
    structure in both languages); `links` are (text, href) pairs placed in the first paragraphs."""
    w = Writer(rng, chinese)
    titles = ZH_HEADINGS if chinese else EN_HEADINGS
    blocks: list[str] = []
    size = 0
    links = list(links)
    h = 0

    def add(block: str) -> None:
        nonlocal size
        blocks.append(block)
        size += len(block.encode()) + 2

    add(w.paragraph(rng.randrange(2, 5), links[:1]))
    links = links[1:]
    while size < target:
        if h < len(headings) and rng.random() < 0.55:
            level = "###" if blocks and rng.random() < 0.3 else "##"
            add(f"{level} {titles[headings[h] % len(titles)]}" + (f" {h + 1}" if h >= len(titles) else ""))
            h += 1
        choice = rng.random()
        if choice < 0.45:
            add(w.paragraph(rng.randrange(2, 6), links[:1]))
            links = links[1:]
        elif choice < 0.6:
            add(w.list_block(ordered=False))
        elif choice < 0.68:
            add(w.list_block(ordered=True))
        elif choice < 0.76:
            add(w.quote())
        elif choice < 0.84:
            add(w.code())
        elif choice < 0.9:
            add(w.table())
        else:
            add(w.external_link())
    if links:  # links not placed yet (short pages) go into a last paragraph
        add(w.paragraph(1, links))
    return "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------------------------------------
# Corpus model


def title_words(rng: random.Random) -> tuple[str, str]:
    adj, noun = rng.choice(EN_ADJ), rng.choice(EN_NOUN)
    en = f"{adj.capitalize()} {noun}: {rng.choice(EN_ACTION)} {rng.choice(['plans', 'results', 'rules', 'targets', 'progress', 'outlook'])}"
    zh = f"{rng.choice(ZH_SUBJ)}{rng.choice(['工作进展', '政策解读', '年度回顾', '发展规划', '数据分析', '案例研究', '专题报告'])}"
    return en, zh


def body_size(rng: random.Random) -> int:
    if rng.random() < 0.02:
        return rng.randrange(28_000, 32_000)
    return int(math.exp(rng.uniform(math.log(500), math.log(5000))))


def make_pages(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    section_of = rng.choices(range(len(SECTIONS)), weights=SECTION_WEIGHTS, k=n)
    pages = []
    for i in range(n):
        sec = SECTIONS[section_of[i]][0]
        noun = rng.choice(EN_NOUN).replace(" ", "-")
        slug = f"{rng.choice(EN_ADJ).replace(' ', '-')}-{noun}-{i:05d}"
        en_title, zh_title = title_words(rng)
        year, month, day = rng.randrange(2019, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
        page = {
            "i": i, "section": sec, "slug": slug, "en_title": f"{en_title} ({i})",
            "zh_title": f"{zh_title}（{i}）", "date": f"{year:04d}-{month:02d}-{day:02d}",
            "tags": sorted(rng.sample([t[0] for t in TAGS], rng.randrange(0, 5))),
            "size": body_size(rng), "seed": rng.randrange(1 << 30),
        }
        if rng.random() < 0.2:
            page["updated"] = f"{min(year + 1, 2025):04d}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        if rng.random() < 0.5:
            page["summary"] = True
        if rng.random() < 0.1:
            page["weight"] = rng.randrange(1, 20)
        if rng.random() < 0.15:
            page["short"] = True
        if rng.random() < REAL_FORMS_SHARE:
            page["forms"] = True
            page["date"] += f"T{rng.randrange(8, 19):02d}:{rng.choice([0, 15, 30, 45]):02d}:00+08:00"
            page["free_tags"] = sorted(rng.sample(range(len(FREE_TAGS)), rng.randrange(1, 3)))
        pages.append(page)
    # Links: 1-5 other pages each (a third of them in another section).
    for page in pages:
        prng = random.Random(page["seed"])
        targets = []
        for _ in range(prng.randrange(1, 6)):
            j = prng.randrange(n)
            if j != page["i"]:
                targets.append(j)
        page["links"] = targets
    return pages


def rel_link(src: dict, dst: dict, lang: str = "en", k: int = 0) -> str:
    """A `.md` link; from a page in real forms, the target's URL as Hugo sites write it: relative to
    the page's own URL (`../slug/`, `../../section/slug/`), or from the root every third link."""
    if src.get("forms"):
        if k % 3 == 2:
            return f"/{lang}/{dst['section']}/{dst['slug']}/"
        if src["section"] == dst["section"]:
            return f"../{dst['slug']}/"
        return f"../../{dst['section']}/{dst['slug']}/"
    if src["section"] == dst["section"]:
        return f"{dst['slug']}.md"
    return f"../{dst['section']}/{dst['slug']}.md"


def yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def page_files(page: dict, pages: list[dict]) -> dict[str, tuple[dict, str]]:
    """Front matter (as an ordered dict of already-quoted YAML values) and body, per language."""
    out = {}
    for lang in ("en", "zh"):
        zh = lang == "zh"
        rng = random.Random(page["seed"] * 2 + zh)
        links = [((pages[j]["zh_title"] if zh else pages[j]["en_title"]), rel_link(page, pages[j], lang, k))
                 for k, j in enumerate(page["links"])]
        heading_rng = random.Random(page["seed"] + 7)
        headings = heading_rng.sample(range(len(EN_HEADINGS)), len(EN_HEADINGS)) + list(range(len(EN_HEADINGS), 40))
        text = body(rng, zh, page["size"], links, headings)
        fm = {"title": yaml_str(page["zh_title"] if zh else page["en_title"])}
        if page.get("short"):
            fm["short_title"] = yaml_str(page["zh_title"][:8] if zh else page["en_title"].split(":")[0])
        fm["date"] = page["date"]
        if "updated" in page:
            fm["updated"] = page["updated"]
        if page.get("summary"):
            w = Writer(random.Random(page["seed"] + 3 + zh), zh)
            fm["summary"] = yaml_str(w.sentence() + ("" if zh else " ") + w.sentence())
        if "weight" in page:
            fm["weight"] = str(page["weight"])
        tags = list(page["tags"]) + [yaml_str(FREE_TAGS[t][1 if zh else 0]) for t in page.get("free_tags", [])]
        if tags:
            fm["tags"] = "[" + ", ".join(tags) + "]"
        out[lang] = (fm, text)
    return out


def section_intro(key: str, lang: str, members: list[dict]) -> str:
    """A section's own page: a paragraph and links to a few of its pages."""
    rng = random.Random(f"{key}/{lang}")
    w = Writer(rng, lang == "zh")
    text = w.paragraph(3, []) + "\n\n"
    for page in members[:3]:
        title = page["zh_title"] if lang == "zh" else page["en_title"]
        text += f"- [{title}]({page['slug']}.md)\n"
    return text


def render(fm: dict, text: str) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fm.items()) + "---\n\n" + text


# ---------------------------------------------------------------------------------------------
# Writers


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


SITE_TEXT = {
    "en": ("Synthetic Briefings", "A generated bilingual corpus for benchmarking static site generators.", "English"),
    "zh": ("合成简报", "用于静态网站生成器性能测试的中英双语合成语料。", "中文"),
}
HOME_TEXT = {
    "en": ("Synthetic briefings", "This site is generated for benchmarks. Every page exists in English and Chinese."),
    "zh": ("合成简报", "本站为性能测试而生成，每个页面都有中英文两个版本。"),
}


# The real templates every page of the corpus uses. The others (figures, timeline, glossary) are page
# templates chosen by `template:` in front matter and need the real site's data tables: left out.
PAGE_TEMPLATES = {"base", "home", "section", "page", "tag", "tags", "chooser", "404", "search"}


def copy_templates(source: Path, target: Path) -> None:
    """Templates/ for the corpus: the real one without the page templates no corpus page asks for."""
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_dir() or (len(rel.parts) == 1 and path.suffix == ".mustache" and path.stem not in PAGE_TEMPLATES):
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / rel)


def template_figures(templates: Path) -> list[str]:
    """Figure keys the templates show as {{figures.KEY}} (the real home page shows six): the corpus
    defines them in data/figures.yaml, since Bund rejects a template naming an unknown figure."""
    keys = set()
    for path in sorted(templates.rglob("*.mustache")):
        keys.update(re.findall(r"\{\{\s*figures\.([a-z0-9_]+)", path.read_text(encoding="utf-8")))
    return sorted(keys)


def figure_values(keys: list[str]) -> list[dict]:
    # Values no generated sentence can contain (bodies say RMB 10-999 billion), so Bund's check for
    # hand-typed figures runs over every page but finds nothing, as on a site that follows the rules.
    rng = random.Random("figures")
    return [{"key": key, "value": rng.randrange(1000, 9000), "en": f"Figure {key.replace('_', ' ')}",
             "zh": f"指标{n + 1}"} for n, key in enumerate(keys)]


def write_bund(root: Path, pages: list[dict], files: list[dict], by_section: dict, figures: list[dict]) -> None:
    content = root / "Content"
    if figures:
        write(content / "data/sources.yaml",
              "- id: bench\n  title: {en: \"Benchmark data\", zh: \"测试数据\"}\n"
              "  publisher: {en: \"bench/generate.py\", zh: \"bench/generate.py\"}\n"
              "  url: https://bench.example.org/data\n  date: 2023-01-29\n")
        write(content / "data/figures.yaml", "".join(
            f"- key: {f['key']}\n  group: bench\n  value: {f['value']}\n  unit: rmb_billion\n  qualifier: about\n"
            f"  period: {{en: \"2022\", zh: \"2022年\"}}\n  label: {{en: {yaml_str(f['en'])}, zh: {yaml_str(f['zh'])}}}\n"
            "  source: bench\n" for f in figures))
    langs = "".join(
        f"  - code: {code}\n    tag: {tag}\n    name: {SITE_TEXT[code][2]}\n"
        f"    title: {yaml_str(SITE_TEXT[code][0])}\n    description: {yaml_str(SITE_TEXT[code][1])}\n"
        for code, tag in (("en", "en"), ("zh", "zh-Hans")))
    write(content / "site.yaml",
          "# Generated by bench/generate.py\nbase_url: https://bench.example.org/\ndefault_language: en\n"
          f"languages:\n{langs}menu:\n" + "".join(f"  - {k}\n" for k in MENU))
    write(content / "data/tags.yaml",
          "".join(f"{tid}: {{en: {yaml_str(en)}, zh: {yaml_str(zh)}}}\n" for tid, en, zh in TAGS))
    for lang in ("en", "zh"):
        title, intro = HOME_TEXT[lang]
        write(content / f"_index.{lang}.md", render({"title": yaml_str(title)}, intro + "\n"))
        for key, en, zh in SECTIONS:
            write(content / key / f"_index.{lang}.md",
                  render({"title": yaml_str(zh if lang == "zh" else en)}, section_intro(key, lang, by_section[key])))
    for page, langs_ in zip(pages, files):
        for lang, (fm, text) in langs_.items():
            write(content / page["section"] / f"{page['slug']}.{lang}.md", render(fm, text))


def write_hugo(root: Path, pages: list[dict], files: list[dict], by_section: dict, figures: list[dict],
               templates: Path) -> None:
    content = root / "content"
    # layouts and assets: copied from bench/hugo/, the stylesheet and icon from the real Templates/.
    shutil.copytree(HERE / "hugo" / "layouts", root / "layouts")
    (root / "assets").mkdir(parents=True, exist_ok=True)
    for name in ("style.css", "favicon.svg"):
        shutil.copyfile(templates / "assets" / name, root / "assets" / name)
    # The same UI strings as Bund's (flat YAML, which Hugo reads as is).
    shutil.copytree(templates / "i18n", root / "i18n")
    write(root / "data" / "figures.yaml", "".join(
        f"- key: {f['key']}\n  value: {{en: \"about RMB {f['value']:,} billion\", zh: \"约{f['value'] * 10}亿元\"}}\n"
        f"  label: {{en: {yaml_str(f['en'])}, zh: {yaml_str(f['zh'])}}}\n" for f in figures))
    write(root / "config.toml", f"""# Generated by bench/generate.py
baseURL = "https://bench.example.org/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
hasCJKLanguage = true
enableRobotsTXT = true
disableKinds = []
summaryLength = 70
timeZone = "UTC"

[params]
menu = {json.dumps(MENU)}
langtag = {{ en = "en", zh = "zh-Hans" }}

[taxonomies]
tag = "tags"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
page = ["HTML"]

[outputFormats.RSS]
mediaType = "application/rss+xml"
baseName = "feed"

[markup.goldmark.renderer]
unsafe = false
[markup.highlight]
codeFences = false
[markup.tableOfContents]
startLevel = 2
endLevel = 3
ordered = false

[languages.en]
languageCode = "en"
languageName = "English"
title = {yaml_str(SITE_TEXT['en'][0])}
weight = 1
[languages.en.params]
description = {yaml_str(SITE_TEXT['en'][1])}
ogLocale = "en_US"

[languages.zh]
languageCode = "zh-Hans"
languageName = "中文"
title = {yaml_str(SITE_TEXT['zh'][0])}
weight = 2
[languages.zh.params]
description = {yaml_str(SITE_TEXT['zh'][1])}
ogLocale = "zh_CN"
""")
    for lang in ("en", "zh"):
        title, intro = HOME_TEXT[lang]
        write(content / f"_index.{lang}.md", render({"title": yaml_str(title)}, intro + "\n"))
        for key, en, zh in SECTIONS:
            write(content / key / f"_index.{lang}.md",
                  render({"title": yaml_str(zh if lang == "zh" else en)}, section_intro(key, lang, by_section[key])))
        # Tag names per language (Bund reads them from data/tags.yaml).
        write(content / "tags" / f"_index.{lang}.md", render({"title": yaml_str("标签" if lang == "zh" else "Tags")}, ""))
        for tid, en, zh in TAGS:
            write(content / "tags" / tid / f"_index.{lang}.md", render({"title": yaml_str(zh if lang == "zh" else en)}, ""))
    for page, langs_ in zip(pages, files):
        for lang, (fm, text) in langs_.items():
            fm = dict(fm)
            if "updated" in fm:
                fm["lastmod"] = fm.pop("updated")
            if "short_title" in fm:
                fm["linkTitle"] = fm.pop("short_title")
            write(content / page["section"] / f"{page['slug']}.{lang}.md", render(fm, text))


def generate(n: int, out: Path, seed: int = DEFAULT_SEED, hugo: bool = True,
             templates: Path = HERE.parent / "Templates") -> dict:
    pages = make_pages(n, seed)
    if out.exists():
        shutil.rmtree(out)
    copy_templates(templates, out / "bund" / "Templates")
    figures = figure_values(template_figures(out / "bund" / "Templates"))
    files = [page_files(p, pages) for p in pages]
    by_section: dict[str, list[dict]] = {key: [] for key, _, _ in SECTIONS}
    for p in pages:
        by_section[p["section"]].append(p)
    write_bund(out / "bund", pages, files, by_section, figures)
    if hugo:
        write_hugo(out / "hugo", pages, files, by_section, figures, templates)
    sizes = sorted(len(text.encode()) for f in files for _, text in f.values())
    stamp = {
        "generator_version": GENERATOR_VERSION, "seed": seed, "pairs": n, "hugo": hugo,
        "sections": len(SECTIONS), "tags": len(TAGS),
        "markdown_files": 2 * n + 2 + 2 * len(SECTIONS),
        "body_bytes_total": sum(sizes), "body_bytes_median": sizes[len(sizes) // 2],
        "bodies_over_20kb": sum(1 for s in sizes if s > 20_000),
    }
    write(out / "corpus.json", json.dumps(stamp, indent=2, sort_keys=True) + "\n")
    return stamp


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, required=True, help="number of page pairs (en + zh)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-hugo", action="store_true", help="write only the Bund site")
    parser.add_argument("--templates", type=Path, default=HERE.parent / "Templates",
                        help="the real Bund templates to copy (default: the repository's Templates/)")
    args = parser.parse_args()
    stamp = generate(args.pairs, args.out, args.seed, hugo=not args.no_hugo, templates=args.templates)
    print(json.dumps(stamp, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
