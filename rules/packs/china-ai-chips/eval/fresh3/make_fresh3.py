#!/usr/bin/env python3
"""Writes the china-ai-chips "fresh3" evaluation set (deterministic, fixed seed; python3 stdlib
plus the `zstd` command-line tool; the output is committed):

  headlines.jsonl               one headline a weekday, 14:00 UTC, with `lang`
  prices.jsonl.zst              trades every 10 minutes 13:30..16:00 UTC, every tracked instrument
                                and the three benchmarks (same line format as ../fresh, ../fresh2)
  prices-adversarial.jsonl.zst  supplementary: quiet cases move like a policy hit (as ../fresh2)
  labels.jsonl                  headline_id, family, template_family, split ("fresh3"), expect

A third independent set: every headline below was written by hand in one session, without
reading the rule pack (rules.yaml, lists.yaml), the lexicons, or any other set's headlines or
labels. See README.md.

Prices come from ../fresh2/make_fresh2.py's functions (imported, not copied; they in turn use
../fresh/make_fresh.py's generator): an expected (instrument, direction) moves 3.7..5% that way
between 14:00 and 14:30 and holds to 16:00, its benchmark stays within +-0.2%, other instruments
drift within +-0.4%; "@all:up|down" moves every instrument and benchmark alike; "@co:SYM:up|down"
(company news coinciding with a move) is quiet but moves SYM alone, its benchmark flat.
"""
import collections
import importlib.util
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261210
SPLIT = "fresh3"
# Days: the fresh generator's weekdays (from 2035-01-08), skipping the days of fresh (the first
# 400) and of fresh2 (the next 200), so the three sets never share a day and can be replayed
# together. Asserted in main().
SKIP_DAYS = 600


def load_module(name, relpath):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, relpath))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Importing fresh2 executes its CASES in memory; only len(fresh2.CASES) and SKIP_DAYS are used
# (the no-shared-day assertion), plus its price functions.
fresh2 = load_module("make_fresh2", os.path.join("..", "fresh2", "make_fresh2.py"))
fresh = fresh2.fresh

EN_SOURCES = ["Reuters", "Bloomberg", "Financial Times", "Wall Street Journal",
              "South China Morning Post", "Nikkei Asia", "CNBC", "Dow Jones Newswires",
              "Caixin Global", "The Information", "Semafor", "Barron's"]
ZH_SOURCES = ["新华社", "人民日报", "央视新闻", "财新", "证券时报", "第一财经", "财联社",
              "上海证券报", "中国证券报", "21世纪经济报道", "经济观察报", "界面新闻"]
# Sources implied by a template family's style (else one of the lists above at random).
SOURCES_BY_TEMPLATE = {
    "zh_state_media": ["新华社", "人民日报", "央视新闻", "经济日报"],
    "zh_fin_flash": ["财联社", "证券时报", "第一财经", "上海证券报"],
    "zh_traditional": ["明報", "香港經濟日報", "星島日報", "中央社", "經濟日報", "工商時報",
                       "信報", "自由時報"],
    "wire_caps": ["Dow Jones Newswires", "Bloomberg", "MarketWatch"],
}

# Expectation shorthands (the pack's instruments; SMIC = both of its listings).
CAM = "688256.SS"
HYG = "688041.SS"

# (template_family, event family, headline, expectations, source or None)
# expectations as ../fresh2: space-separated SYM:long|short (SMIC = both listings); "" = quiet;
# "@all:up|down" = quiet market-wide move; "@co:SYM:up|down" = quiet, SYM alone moves.
CASES = [
    # ---------------------------------------------------------------- English, expected signals
    # wire_flash: plain sentence-case wire lines
    ("wire_flash", "usage_ban", "China bars state-funded data centres from running Nvidia chips",
     "NVDA:short", "Reuters"),
    ("wire_flash", "blacklist", "China adds Micron to its unreliable entity list",
     "MU:short", None),
    ("wire_flash", "antitrust", "UPDATE 2-China opens anti-monopoly probe into Qualcomm over chip deal",
     "QCOM:short", "Reuters"),
    ("wire_flash", "easing", "China lets ByteDance, Alibaba resume buying Nvidia H20 chips",
     "NVDA:long", None),
    ("wire_flash", "easing", "China approves AMD MI308 sales to domestic cloud providers",
     "AMD:long", None),
    ("wire_flash", "customs_checks", "Chinese customs step up inspections of Nvidia chip shipments",
     "NVDA:short", None),
    ("wire_flash", "domestic_support", "Beijing pours fresh state money into SMIC capacity expansion",
     "SMIC:long", None),
    ("wire_flash", "stockpiling", "Chinese cloud giants race to stockpile Nvidia H20 chips before new rules",
     "NVDA:long", None),
    ("wire_flash", "security_review", "China orders cybersecurity review of Intel products sold in the country",
     "INTC:short", None),
    ("wire_flash", "us_export_controls", "US halts Nvidia H20 exports to China, company says licence now required",
     "NVDA:short", None),
    ("wire_flash", "easing", "UPDATE 1-China walks back informal guidance against Nvidia chips",
     "NVDA:long", "Reuters"),
    # wire_caps: Bloomberg first-word flashes, all-caps Dow Jones lines, "- REPORT"/"- SOURCES"
    ("wire_caps", "procurement_guidance", "*CHINA SAID TO ORDER TELECOM CARRIERS TO PHASE OUT INTEL CPUS",
     "INTC:short", "Bloomberg"),
    ("wire_caps", "usage_ban", "CHINA TO BAR MICRON CHIPS FROM KEY INFRASTRUCTURE PROJECTS - REPORT",
     "MU:short", None),
    ("wire_caps", "procurement_guidance", "BEIJING ASKS STATE BANKS TO DROP AMD SERVER CHIPS - SOURCES",
     "AMD:short", None),
    ("wire_caps", "easing", "*CHINA REGULATOR CLEARS NVIDIA H20 FOR DOMESTIC SALE - REPORT",
     "NVDA:long", None),
    ("wire_caps", "domestic_support", "CHINA STATE FUND TO ANCHOR CAMBRICON SHARE SALE - SOURCES",
     CAM + ":long", None),
    ("wire_caps", "us_export_controls", "*US COMMERCE DEPT TIGHTENS AMD MI308 EXPORT RULES FOR CHINA",
     "AMD:short", "Bloomberg"),
    ("wire_caps", "stockpiling", "CHINESE TECH FIRMS RAMP UP NVIDIA H200 ORDERS AHEAD OF US CURBS - REPORT",
     "NVDA:long", None),
    ("wire_caps", "antitrust", "*CHINA SAMR SAYS NVIDIA BREACHED ANTI-MONOPOLY LAW, PRELIMINARY FINDING",
     "NVDA:short", "Bloomberg"),
    ("wire_caps", "easing", "CHINA EASES MICRON PURCHASE CURBS FOR NON-CRITICAL BUYERS - SOURCES",
     "MU:long", None),
    ("wire_caps", "customs_checks", "CHINA CUSTOMS SAID TO SEIZE AMD ACCELERATORS AT SHENZHEN BORDER - REPORT",
     "AMD:short", None),
    # exclusive_sources
    ("exclusive_sources", "procurement_guidance",
     "Exclusive: China drafts rules steering state buyers from Nvidia to Cambricon",
     "NVDA:short " + CAM + ":long", "Reuters"),
    ("exclusive_sources", "antitrust",
     "Exclusive: Chinese regulators slow-walk Qualcomm's pending acquisitions, sources say",
     "QCOM:short", "Reuters"),
    ("exclusive_sources", "procurement_guidance",
     "Exclusive: China's big tech told to justify any new AMD accelerator orders",
     "AMD:short", None),
    ("exclusive_sources", "domestic_support",
     "Exclusive: Hygon picked as preferred CPU supplier for China's state banks, sources say",
     HYG + ":long", None),
    ("exclusive_sources", "stockpiling",
     "Exclusive: Chinese buyers line up $10 billion of Nvidia H200 orders after US nod",
     "NVDA:long", None),
    ("exclusive_sources", "us_export_controls",
     "Exclusive: US moves to pull licences for Nvidia chip shipments to China, officials say",
     "NVDA:short", None),
    ("exclusive_sources", "easing",
     "Exclusive: China set to close its security review of Micron, people familiar say",
     "MU:long", None),
    ("exclusive_sources", "security_review",
     "Beijing Weighs Security Audit of Intel Chips Used by Government Agencies, People Familiar Say",
     "INTC:short", "Wall Street Journal"),
    # passive_agentless
    ("passive_agentless", "procurement_guidance",
     "Purchases of Nvidia's RTX Pro 6000D said to be suspended across China's big tech",
     "NVDA:short", None),
    ("passive_agentless", "usage_ban", "Micron chips to be phased out of Chinese government networks",
     "MU:short", None),
    ("passive_agentless", "usage_ban", "Intel processors barred from new Chinese government PCs",
     "INTC:short", None),
    ("passive_agentless", "us_licence_easing", "AMD's China export licence approved, clearing way for MI308 shipments",
     "AMD:long", None),
    ("passive_agentless", "easing", "Qualcomm acquisition cleared in China after months of delay",
     "QCOM:long", None),
    ("passive_agentless", "domestic_support", "Cambricon added to China's approved government AI chip supplier list",
     CAM + ":long", None),
    ("passive_agentless", "domestic_support", "Hygon chips to be prioritised in state data-centre tenders",
     HYG + ":long", None),
    ("passive_agentless", "customs_checks", "Nvidia shipments held up at Chinese ports as checks tighten",
     "NVDA:short", None),
    ("passive_agentless", "domestic_support", "SMIC granted fresh subsidies for advanced-node lines",
     "SMIC:long", None),
    # actor_by_role
    ("actor_by_role", "antitrust", "China's market regulator widens its antitrust inquiry into Nvidia",
     "NVDA:short", None),
    ("actor_by_role", "usage_ban", "Beijing's top economic planner tells data centres to drop AMD accelerators",
     "AMD:short", None),
    ("actor_by_role", "domestic_support", "China's industry ministry names Cambricon a national AI compute champion",
     CAM + ":long", None),
    ("actor_by_role", "blacklist", "China's commerce ministry puts Micron on export control list",
     "MU:short", None),
    ("actor_by_role", "industry_body", "China's cybersecurity industry association urges review of Intel security risks",
     "INTC:short", None),
    ("actor_by_role", "domestic_support", "China's state asset regulator tells SOEs to prioritise Hygon servers",
     HYG + ":long", None),
    ("actor_by_role", "security_review", "China's cyberspace watchdog says Nvidia failed to explain H20 tracking risks",
     "NVDA:short", None),
    ("actor_by_role", "us_export_controls", "US export-control agency restricts Qualcomm sales to Chinese handset makers",
     "QCOM:short", None),
    ("actor_by_role", "domestic_support", "China's top planner signs off on SMIC's Beijing fab expansion",
     "SMIC:long", None),
    # light_verb_noun
    ("light_verb_noun", "procurement_guidance", "China puts a stop to Nvidia H20 purchases by state firms",
     "NVDA:short", None),
    ("light_verb_noun", "easing", "Beijing gives the nod to resumed Micron sales in China",
     "MU:long", None),
    ("light_verb_noun", "antitrust", "China launches an investigation into Intel's sales practices in the country",
     "INTC:short", None),
    ("light_verb_noun", "procurement_guidance", "Beijing places a hold on AMD chip orders from cloud providers",
     "AMD:short", None),
    ("light_verb_noun", "antitrust", "China takes action against Qualcomm for failing to report a takeover",
     "QCOM:short", None),
    ("light_verb_noun", "domestic_support", "Beijing makes a big bet on Cambricon with state orders",
     CAM + ":long", None),
    ("light_verb_noun", "us_licence_easing", "US gives the go-ahead to Nvidia H200 sales to China",
     "NVDA:long", None),
    ("light_verb_noun", "us_export_controls", "Washington puts a freeze on AMD's China export licences",
     "AMD:short", None),
    ("light_verb_noun", "domestic_support", "China extends a helping hand to SMIC with new tax breaks",
     "SMIC:long", None),
    # idiom
    ("idiom", "procurement_guidance", "Beijing pulls the plug on Nvidia's China-only AI chip",
     "NVDA:short", None),
    ("idiom", "procurement_guidance", "China turns the screws on Micron with fresh purchase limits",
     "MU:short", None),
    ("idiom", "domestic_support", "China throws Cambricon a lifeline with state contracts",
     CAM + ":long", None),
    ("idiom", "procurement_guidance", "Beijing gives Nvidia's H20 the cold shoulder",
     "NVDA:short", None),
    ("idiom", "domestic_support", "China rolls out the red carpet for Hygon in bank IT upgrades",
     HYG + ":long", None),
    ("idiom", "us_export_controls", "Washington slams the door on AMD's MI308 sales to China",
     "AMD:short", None),
    ("idiom", "easing", "China thaws toward Micron as trade truce takes hold",
     "MU:long", None),
    ("idiom", "security_review", "Intel caught in the crossfire as Beijing orders security checks on its chips",
     "INTC:short", None),
    # quote
    ("quote", "procurement_guidance", "'Do not buy': Beijing's message to tech firms on Nvidia's RTX Pro 6000D",
     "NVDA:short", None),
    ("quote", "security_review", "China says Micron products pose 'serious network security risks'",
     "MU:short", None),
    ("quote", "easing", "'Welcome back': China signals approval of AMD chip sales",
     "AMD:long", None),
    ("quote", "state_media_campaign", "'A Trojan horse': China's state broadcaster warns against Nvidia chips",
     "NVDA:short", None),
    ("quote", "domestic_support", "'Buy domestic': Beijing tells state cloud firms to choose SMIC-made chips",
     "SMIC:long", None),
    ("quote", "antitrust", "Qualcomm 'violated' anti-monopoly law, China's regulator says",
     "QCOM:short", None),
    ("quote", "easing", "'Go ahead and order': Chinese firms told H200 purchases are permitted",
     "NVDA:long", None),
    # multi_firm
    ("multi_firm", "usage_ban", "China tells firms to shun Nvidia and AMD chips in new data centres",
     "NVDA:short AMD:short", None),
    ("multi_firm", "security_review", "China puts Micron, Intel under cybersecurity review",
     "MU:short INTC:short", None),
    ("multi_firm", "us_export_controls", "US revokes Intel, Qualcomm licences to supply Chinese telecom firms",
     "INTC:short QCOM:short", None),
    ("multi_firm", "domestic_support", "China backs Cambricon, Hygon and SMIC in AI chip self-reliance drive",
     CAM + ":long " + HYG + ":long SMIC:long", None),
    ("multi_firm", "easing", "China clears Nvidia, AMD and Intel chips for cloud use after review",
     "NVDA:long AMD:long INTC:long", None),
    ("multi_firm", "stockpiling", "Chinese buyers snap up Nvidia and AMD chips ahead of tariff deadline",
     "NVDA:long AMD:long", None),
    ("multi_firm", "procurement_guidance", "China swaps Intel and AMD server chips for Hygon in state IT overhaul",
     "INTC:short AMD:short " + HYG + ":long", None),
    # class_alias: the US-chip class by other names
    ("class_alias", "usage_ban", "China bans foreign-made AI chips from state-funded computing centres",
     "NVDA:short AMD:short", None),
    ("class_alias", "procurement_guidance", "Beijing tells hyperscalers to stop buying US-designed accelerators",
     "NVDA:short AMD:short", None),
    ("class_alias", "customs_checks", "China customs cracks down on smuggled American GPUs",
     "NVDA:short AMD:short", None),
    ("class_alias", "easing", "China to allow purchases of US AI processors again, sources say",
     "NVDA:long AMD:long", None),
    ("class_alias", "stockpiling", "Chinese firms rush to hoard American graphics processors",
     "NVDA:long AMD:long", None),
    ("class_alias", "usage_ban", "Imported AI accelerators barred from China's government cloud",
     "NVDA:short AMD:short", None),
    ("class_alias", "state_media_campaign", "China's state media urges companies to ditch Western AI silicon",
     "NVDA:short AMD:short", None),
    # market_reaction
    ("market_reaction", "procurement_guidance", "Nvidia slides as China orders a halt to H20 testing",
     "NVDA:short", None),
    ("market_reaction", "domestic_support", "Cambricon jumps after Beijing names it a key state supplier",
     CAM + ":long", None),
    ("market_reaction", "usage_ban", "Micron falls as China widens ban to more sectors",
     "MU:short", None),
    ("market_reaction", "domestic_support", "SMIC shares rally on fresh state fund injection",
     "SMIC:long", None),
    ("market_reaction", "us_licence_easing", "AMD gains after US clears MI308 exports to China",
     "AMD:long", None),

    # -------------------------------------------------------------- English, quiet (near misses)
    ("wire_flash", "analyst_opinion", "Analysts say China could restrict Nvidia further if trade talks falter",
     "", None),
    ("wire_flash", "analyst_opinion", "Bernstein says Cambricon valuation stretched despite policy support",
     "", None),
    ("wire_flash", "analyst_opinion", "Morgan Stanley sees limited hit to AMD from any new China curbs",
     "", None),
    ("quote", "analyst_opinion", "'A decade away': strategist doubts Beijing's chip self-sufficiency push",
     "", None),
    ("wire_flash", "analyst_opinion", "Why Micron's China problem may be overstated, according to one fund manager",
     "", "Barron's"),
    ("wire_flash", "denial", "Nvidia says it has received no notice of any Chinese ban",
     "", None),
    ("actor_by_role", "denial", "China's commerce ministry denies telling firms to avoid AMD chips",
     "", None),
    ("quote", "denial", "Beijing says reports of an Intel security probe are 'groundless'",
     "", None),
    ("actor_by_role", "denial", "No such instruction was given on Qualcomm, China's foreign ministry says",
     "", None),
    ("wire_caps", "denial", "CHINA OFFICIALS SAY REPORTS OF H200 PURCHASE HALT NOT ACCURATE - SOURCES",
     "", None),
    ("wire_flash", "other_country", "Netherlands tightens ASML export rules for China",
     "", None),
    ("wire_flash", "other_country", "Japan adds 23 chipmaking tools to export restriction list",
     "", None),
    ("wire_flash", "other_country", "South Korea's antitrust agency probes Nvidia's local supply practices",
     "", None),
    ("light_verb_noun", "other_country", "EU opens an antitrust review of Qualcomm licensing terms",
     "", None),
    ("wire_flash", "other_country", "India offers subsidies to lure a Micron packaging plant",
     "", None),
    ("wire_flash", "coincident_company_news", "Nvidia beats quarterly revenue forecasts on data-centre demand",
     "@co:NVDA:up", None),
    ("wire_flash", "coincident_company_news", "AMD takes $800 million charge tied to existing US export curbs on China",
     "@co:AMD:down", None),
    ("wire_flash", "coincident_company_news", "Qualcomm unveils new Snapdragon chip for laptops",
     "@co:QCOM:up", None),
    ("wire_flash", "coincident_company_news", "Intel to cut 15% of workforce in restructuring",
     "@co:INTC:down", None),
    ("wire_flash", "coincident_company_news", "Micron guides revenue below estimates on weak PC demand",
     "", None),
    ("wire_flash", "coincident_company_news", "Nvidia CEO to attend Beijing supply-chain expo",
     "", None),
    ("wire_flash", "near_miss", "China fines an Apple supplier over labour violations",
     "", None),
    ("wire_flash", "near_miss", "China opens antitrust investigation into DuPont's China unit",
     "", None),
    ("actor_by_role", "near_miss", "Beijing's industry ministry backs Huawei Ascend chips in national compute plan",
     "", None),
    ("wire_flash", "near_miss", "China's Moore Threads soars in Shanghai trading debut",
     "", None),
    ("wire_flash", "market_wide", "Global chip stocks slump on US recession fears",
     "@all:down", None),
    ("wire_flash", "market_wide", "Chip shares surge as Fed signals rate cuts",
     "@all:up", None),

    # ---------------------------------------------------------------- Chinese, expected signals
    # zh_state_media: 新华社/人民日报/央视 formal style
    ("zh_state_media", "security_review", "国家互联网信息办公室依法约谈英伟达公司 要求说明H20算力芯片安全风险",
     "NVDA:short", "新华社"),
    ("zh_state_media", "antitrust", "市场监管总局：英伟达公司违反《中华人民共和国反垄断法》 依法实施进一步调查",
     "NVDA:short", "新华社"),
    ("zh_state_media", "blacklist", "中华人民共和国商务部公告：将美光科技公司列入不可靠实体清单",
     "MU:short", "人民日报"),
    ("zh_state_media", "customs_checks", "海关总署部署开展进口芯片专项核查 重点查验英伟达相关产品",
     "NVDA:short", "央视新闻"),
    ("zh_state_media", "domestic_support", "国务院国资委：中央企业要加快推进海光信息等国产芯片规模化应用",
     HYG + ":long", "新华社"),
    ("zh_state_media", "domestic_support", "工业和信息化部印发通知 支持中芯国际扩大先进工艺产能",
     "SMIC:long", "人民日报"),
    ("zh_state_media", "state_media_campaign", "新华时评：美国芯片“后门”风险不容忽视",
     "NVDA:short AMD:short", "新华社"),
    ("zh_state_media", "state_media_campaign", "人民日报钟声：警惕英伟达芯片暗藏“后门”",
     "NVDA:short", "人民日报"),
    ("zh_state_media", "easing", "国家市场监督管理总局附加限制性条件批准高通公司收购案",
     "QCOM:long", "新华社"),
    ("zh_state_media", "easing", "商务部：决定将美光科技公司移出不可靠实体清单",
     "MU:long", "央视新闻"),
    ("zh_state_media", "security_review", "新华社北京电 中国网络安全审查办公室对英特尔在华销售产品启动网络安全审查",
     "INTC:short", "新华社"),
    ("zh_state_media", "usage_ban", "国家发展和改革委员会：新建国家算力枢纽节点不得采用AMD加速芯片",
     "AMD:short", "人民日报"),
    # zh_fin_flash: 财联社电, 【快讯】, 快讯｜, 证券时报e公司讯, 第一财经快讯
    ("zh_fin_flash", "procurement_guidance", "财联社电，据知情人士，多家国内云厂商已暂停英伟达RTX Pro 6000D订单",
     "NVDA:short", "财联社"),
    ("zh_fin_flash", "procurement_guidance", "【快讯】监管部门要求数据中心停止新增采购AMD加速卡",
     "AMD:short", "证券时报"),
    ("zh_fin_flash", "usage_ban", "快讯｜美光科技在华关键信息基础设施禁用范围扩大",
     "MU:short", "第一财经"),
    ("zh_fin_flash", "domestic_support", "证券时报e公司讯，寒武纪获国家集成电路产业投资基金三期战略入股",
     CAM + ":long", "证券时报"),
    ("zh_fin_flash", "domestic_support", "第一财经快讯：海光信息入围多省政务云国产化采购名单",
     HYG + ":long", "第一财经"),
    ("zh_fin_flash", "domestic_support", "财联社电，中芯国际获大基金追加注资 用于28纳米扩产",
     "SMIC:long", "财联社"),
    ("zh_fin_flash", "antitrust", "【快讯】市场监管总局对高通公司立案调查",
     "QCOM:short", "证券时报"),
    ("zh_fin_flash", "us_licence_easing", "快讯｜美国商务部批准英伟达H20对华出口许可",
     "NVDA:long", "第一财经"),
    ("zh_fin_flash", "stockpiling", "财联社电，国内互联网大厂加紧囤积英伟达H200芯片",
     "NVDA:long", "财联社"),
    ("zh_fin_flash", "us_export_controls", "【快讯】美国商务部撤销英特尔对华出口许可证",
     "INTC:short", "上海证券报"),
    ("zh_fin_flash", "customs_checks", "证券时报快讯：海关加大对英伟达芯片进口的查验力度",
     "NVDA:short", "证券时报"),
    ("zh_fin_flash", "industry_body", "第一财经快讯：中国半导体行业协会建议会员企业审慎采购美光产品",
     "MU:short", "第一财经"),
    ("zh_fin_flash", "easing", "财联社电，有关部门已放行部分企业的英伟达H20采购申请",
     "NVDA:long", "财联社"),
    # zh_bei_passive: 被 passives
    ("zh_bei_passive", "antitrust", "英伟达被市场监管总局初步认定违反反垄断法",
     "NVDA:short", None),
    ("zh_bei_passive", "usage_ban", "美光产品被列入关键信息基础设施禁用名单",
     "MU:short", None),
    ("zh_bei_passive", "industry_body", "英特尔被行业协会点名 建议对其在华产品启动安全审查",
     "INTC:short", None),
    ("zh_bei_passive", "antitrust", "高通一项收购案被监管部门叫停",
     "QCOM:short", None),
    ("zh_bei_passive", "procurement_guidance", "AMD加速卡被要求退出国有数据中心采购目录",
     "AMD:short", None),
    ("zh_bei_passive", "procurement_guidance", "英伟达H20被多家央企暂停采购",
     "NVDA:short", None),
    ("zh_bei_passive", "easing", "美光被解除采购限制 部分行业恢复使用其存储芯片",
     "MU:long", None),
    ("zh_bei_passive", "domestic_support", "寒武纪被列为国家人工智能算力重点保障企业",
     CAM + ":long", None),
    ("zh_bei_passive", "domestic_support", "中芯国际被确定为国家先进制程攻关牵头单位",
     "SMIC:long", None),
    ("zh_bei_passive", "customs_checks", "一批英伟达芯片被海关扣留 涉嫌违规进口",
     "NVDA:short", None),
    ("zh_bei_passive", "us_export_controls", "AMD对华出口许可被美方撤销 MI308出货受阻",
     "AMD:short", None),
    # zh_honours_listing: honours and listings for domestic chipmakers
    ("zh_honours_listing", "domestic_support", "寒武纪荣获国家科学技术进步奖一等奖",
     CAM + ":long", None),
    ("zh_honours_listing", "domestic_support", "海光信息获评工信部“制造业单项冠军企业”",
     HYG + ":long", None),
    ("zh_honours_listing", "domestic_support", "中芯国际入选国家集成电路重大专项承担单位名单",
     "SMIC:long", None),
    ("zh_honours_listing", "domestic_support", "工信部公布首批国产AI芯片推荐目录 寒武纪、海光信息位列其中",
     CAM + ":long " + HYG + ":long", None),
    ("zh_honours_listing", "domestic_support", "寒武纪思元系列入选《首台（套）重大技术装备推广应用指导目录》",
     CAM + ":long", None),
    ("zh_honours_listing", "domestic_support", "中芯国际获授“国家技术创新示范企业”称号",
     "SMIC:long", None),
    ("zh_honours_listing", "domestic_support", "海光信息CPU入选中央国家机关政府采购协议供货名录",
     HYG + ":long", None),
    ("zh_honours_listing", "domestic_support", "国家知识产权局授予寒武纪中国专利金奖",
     CAM + ":long", None),
    # zh_traditional: Hong Kong/Taiwan media, traditional characters
    ("zh_traditional", "procurement_guidance", "北京據報要求科企停止採購英偉達H20晶片",
     "NVDA:short", None),
    ("zh_traditional", "customs_checks", "中國海關嚴查英偉達晶片走私 深港口岸加強查驗",
     "NVDA:short", None),
    ("zh_traditional", "blacklist", "中國將美光列入不可靠實體清單",
     "MU:short", None),
    ("zh_traditional", "antitrust", "中國市場監管總局對高通展開反壟斷調查",
     "QCOM:short", None),
    ("zh_traditional", "easing", "消息指北京已批准字節跳動購買英偉達H200",
     "NVDA:long", None),
    ("zh_traditional", "usage_ban", "大陸要求國企數據中心停用外國AI晶片",
     "NVDA:short AMD:short", "中央社"),
    ("zh_traditional", "domestic_support", "中芯國際獲國家大基金注資 股價急升",
     "SMIC:long", None),
    ("zh_traditional", "domestic_support", "陸官方力挺寒武紀 列入政府採購名單",
     CAM + ":long", "經濟日報"),
    ("zh_traditional", "us_export_controls", "美國撤銷超微對華出口許可 MI308供應再受打擊",
     "AMD:short", "工商時報"),
    ("zh_traditional", "stockpiling", "陸企搶購輝達晶片 趕在美國新禁令生效前",
     "NVDA:long", "自由時報"),
    ("zh_traditional", "industry_body", "英特爾遭中國網絡安全行業協會指控 要求進行安全審查",
     "INTC:short", None),
    ("zh_traditional", "easing", "美光傳獲中國放寬採購限制",
     "MU:long", None),
    ("zh_traditional", "domestic_support", "海光資訊獲國資委點名支持 國企伺服器優先採用",
     HYG + ":long", None),
    # zh_mixed_en: Chinese with English names and product codes
    ("zh_mixed_en", "procurement_guidance", "消息称监管部门要求大厂停止测试RTX Pro 6000D",
     "NVDA:short", None),
    ("zh_mixed_en", "security_review", "网信办就H20安全问题约谈Nvidia中国团队",
     "NVDA:short", None),
    ("zh_mixed_en", "us_export_controls", "BIS收紧MI308对华出口 AMD中国业务承压",
     "AMD:short", None),
    ("zh_mixed_en", "antitrust", "SAMR对Qualcomm收购Autotalks一案立案调查",
     "QCOM:short", None),
    ("zh_mixed_en", "procurement_guidance", "监管要求云厂商以Cambricon MLU替换Nvidia A100集群",
     "NVDA:short " + CAM + ":long", None),
    ("zh_mixed_en", "us_licence_easing", "H200获准对华出口 国内大厂追加订单",
     "NVDA:long", None),
    ("zh_mixed_en", "easing", "CAC审查结束 Micron存储芯片在华恢复销售",
     "MU:long", None),
    ("zh_mixed_en", "procurement_guidance", "政务系统停用Intel至强CPU 改由Hygon接替",
     "INTC:short " + HYG + ":long", None),
    ("zh_mixed_en", "domestic_support", "工信部将SMIC 7nm产线列为重点支持项目",
     "SMIC:long", None),
    ("zh_mixed_en", "us_licence_easing", "AMD MI308对华许可获批 首批出货在即",
     "AMD:long", None),
    ("zh_mixed_en", "usage_ban", "多地智算中心被要求停用GPU进口卡 包括H20和MI308",
     "NVDA:short AMD:short", None),
    # zh_sources: 独家｜, 消息人士称, 据知情人士透露, 据悉
    ("zh_sources", "procurement_guidance", "独家｜监管部门窗口指导：央企暂停新购英伟达GPU",
     "NVDA:short", "财新"),
    ("zh_sources", "usage_ban", "据知情人士透露，有关部门正研究限制美光产品在金融行业使用",
     "MU:short", None),
    ("zh_sources", "security_review", "消息人士称，中方拟对英特尔在华销售产品开展网络安全审查",
     "INTC:short", None),
    ("zh_sources", "domestic_support", "独家｜国家大基金三期拟重仓寒武纪、海光信息",
     CAM + ":long " + HYG + ":long", None),
    ("zh_sources", "domestic_support", "据悉，多家国有银行已收到优先采购海光服务器的通知",
     HYG + ":long", None),
    ("zh_sources", "easing", "消息称中方已批准部分企业采购英伟达H20",
     "NVDA:long", None),
    ("zh_sources", "customs_checks", "知情人士：海关总署近期加强对AMD芯片的通关检查",
     "AMD:short", None),
    ("zh_sources", "stockpiling", "据知情人士透露，国内厂商赶在美国新规生效前大量囤货英伟达芯片",
     "NVDA:long", None),
    ("zh_sources", "procurement_guidance", "消息人士称，多部门联合要求互联网企业减少采购外国算力卡",
     "NVDA:short AMD:short", None),
    # zh_idiom: 成语 and set phrases
    ("zh_idiom", "us_export_controls", "釜底抽薪：美方断供英伟达H20对华出口",
     "NVDA:short", None),
    ("zh_idiom", "procurement_guidance", "雪上加霜！美光在华业务再遭限购",
     "MU:short", None),
    ("zh_idiom", "domestic_support", "国产AI芯片迎来春天 寒武纪获政策“大礼包”",
     CAM + ":long", None),
    ("zh_idiom", "procurement_guidance", "英伟达在华“寒冬”再升级：监管层叫停新订单",
     "NVDA:short", None),
    ("zh_idiom", "domestic_support", "海光信息“国家队”身份坐实 国资委点名力挺",
     HYG + ":long", None),
    ("zh_idiom", "antitrust", "高通在华并购“亮红灯” 反垄断审查迟迟不予放行",
     "QCOM:short", None),
    ("zh_idiom", "domestic_support", "如虎添翼 中芯国际获国家专项资金重点扶持",
     "SMIC:long", None),
    ("zh_idiom", "easing", "柳暗花明：美光在华禁令松绑",
     "MU:long", None),

    # -------------------------------------------------------------- Chinese, quiet (near misses)
    ("zh_fin_flash", "denial", "【辟谣】网传“全面禁止采购英伟达芯片”系谣言",
     "", "财联社"),
    ("zh_state_media", "denial", "商务部新闻发言人：从未要求企业停止采购美国芯片",
     "", "新华社"),
    ("zh_state_media", "denial", "外交部：中方对美光的政策没有变化",
     "", "央视新闻"),
    ("zh_mixed_en", "denial", "Nvidia中国回应：未收到任何限制采购的通知",
     "", None),
    ("zh_fin_flash", "denial", "海光信息澄清：未获得所谓国家专项补贴",
     "", "证券时报"),
    ("zh_fin_flash", "denial", "寒武纪公告：近期媒体关于大额政府订单的报道不属实",
     "", "上海证券报"),
    ("zh_traditional", "denial", "北京否認要求企業停購英偉達晶片",
     "", None),
    ("zh_sources", "analyst_opinion", "分析师：若中方限制AMD，国产替代或加速",
     "", None),
    ("zh_fin_flash", "analyst_opinion", "券商研报：寒武纪估值偏高 建议投资者谨慎",
     "", None),
    ("zh_state_media", "analyst_opinion", "专家：美国芯片管制难以阻止中国人工智能发展",
     "", None),
    ("zh_fin_flash", "analyst_opinion", "中金公司维持英伟达“中性”评级",
     "", None),
    ("zh_idiom", "analyst_opinion", "机构：英伟达在华前景“山雨欲来” 但短期影响有限",
     "", None),
    ("zh_fin_flash", "other_country", "韩国拟对本国AI芯片产能提供补贴",
     "", None),
    ("zh_fin_flash", "other_country", "日本经济产业省扩大半导体设备出口管制范围",
     "", None),
    ("zh_state_media", "other_country", "荷兰政府以“国家安全”为由接管安世半导体",
     "", None),
    ("zh_fin_flash", "other_country", "欧盟对英伟达展开反垄断初步调查",
     "", None),
    ("zh_traditional", "other_country", "台灣將華為、中芯列入出口管制實體清單",
     "", "中央社"),
    ("zh_mixed_en", "coincident_company_news", "英伟达发布新一代Blackwell Ultra芯片",
     "@co:NVDA:up", None),
    ("zh_fin_flash", "coincident_company_news", "美光科技第四财季营收超预期",
     "@co:MU:up", None),
    ("zh_fin_flash", "coincident_company_news", "寒武纪股东披露减持计划",
     "@co:" + CAM + ":down", None),
    ("zh_fin_flash", "coincident_company_news", "中芯国际第三季度毛利率环比下滑",
     "@co:0981.HK:down", None),
    ("zh_fin_flash", "coincident_company_news", "海光信息与中科曙光终止吸收合并",
     "@co:" + HYG + ":down", None),
    ("zh_fin_flash", "coincident_company_news", "英伟达：受现行出口管制影响，本季度中国区收入大幅下降",
     "@co:NVDA:down", None),
    ("zh_fin_flash", "coincident_company_news", "高通推出骁龙新一代旗舰芯片",
     "", None),
    ("zh_fin_flash", "near_miss", "市场监管总局对杜邦中国集团开展反垄断调查",
     "", None),
    ("zh_state_media", "near_miss", "工业和信息化部支持华为昇腾生态建设",
     "", None),
    ("zh_fin_flash", "near_miss", "国家网信办约谈微博 责令整改",
     "", None),
    ("zh_fin_flash", "near_miss", "摩尔线程科创板上市首日大涨",
     "", None),
    ("zh_fin_flash", "market_wide", "【快讯】科创50指数大涨4% 半导体板块全线走强",
     "@all:up", "财联社"),
    ("zh_fin_flash", "market_wide", "全球芯片股暴跌 费城半导体指数跌逾4%",
     "@all:down", None),
]

POSITIVE_FAMILIES = {"procurement_guidance", "usage_ban", "security_review", "antitrust",
                     "blacklist", "customs_checks", "state_media_campaign", "industry_body",
                     "easing", "us_export_controls", "us_licence_easing", "domestic_support",
                     "stockpiling"}
QUIET_FAMILIES = {"denial", "analyst_opinion", "coincident_company_news", "near_miss",
                  "other_country", "market_wide"}


def check_cases(cases):
    texts = [c[2] for c in cases]
    assert len(texts) == len(set(texts)), "duplicate headline"
    for tf, family, text, spec, _ in cases:
        expect = fresh.parse_expect(spec)
        assert family in POSITIVE_FAMILIES | QUIET_FAMILIES, family
        assert bool(expect) == (family in POSITIVE_FAMILIES), text
        assert (spec.startswith("@all:")) == (family == "market_wide"), text
        assert not spec.startswith("@co:") or family == "coincident_company_news", text
        for sym, direction in expect:
            assert sym in fresh.BASE and sym not in fresh.BENCHMARKS, (sym, text)
            assert direction in ("long", "short"), text


def main():
    rng = random.Random(SEED)
    cases = list(CASES)
    check_cases(cases)
    assert fresh2.SKIP_DAYS + len(fresh2.CASES) <= SKIP_DAYS, "fresh3 days would overlap fresh2's"
    assert len(fresh.CASES) <= fresh2.SKIP_DAYS, "fresh2 days overlap fresh's"
    rng.shuffle(cases)
    days = fresh.trading_days(SKIP_DAYS + len(cases))[SKIP_DAYS:]
    rows = []
    with open(os.path.join(HERE, "headlines.jsonl"), "w", encoding="utf-8") as h, \
            open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8") as lab:
        for i, (tf, family, text, spec, source) in enumerate(cases):
            hid = f"f3-{i + 1:04d}"
            lang = "zh" if fresh.is_zh(text) else "en"
            assert tf.startswith("zh_") == (lang == "zh"), text
            if source is None:
                source = rng.choice(SOURCES_BY_TEMPLATE.get(
                    tf, ZH_SOURCES if lang == "zh" else EN_SOURCES))
            expect = fresh.parse_expect(spec)
            h.write(json.dumps({"id": hid, "ts": days[i].strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "source": source, "headline": text, "lang": lang},
                               ensure_ascii=False) + "\n")
            lab.write(json.dumps({"headline_id": hid, "family": family, "template_family": tf,
                                  "split": SPLIT,
                                  "expect": [{"instrument": s, "direction": d}
                                             for s, d in expect]}) + "\n")
            rows.append({"template family": tf, "event family": family, "language": lang,
                         "signals": len(expect)})
    fresh2.write_prices(os.path.join(HERE, "prices.jsonl"), cases, days, rng, adversarial=False)
    # Supplementary, own RNG (the main files do not depend on it).
    fresh2.write_prices(os.path.join(HERE, "prices-adversarial.jsonl"), cases, days,
                        random.Random(SEED + 1), adversarial=True)

    quiet = sum(1 for r in rows if not r["signals"])
    zh = sum(1 for r in rows if r["language"] == "zh")
    print(f"{len(rows)} headlines ({zh} zh, {100 * zh / len(rows):.0f}%), "
          f"{sum(r['signals'] for r in rows)} expected signals, "
          f"{len(rows) - quiet} with expectations, {quiet} quiet "
          f"({100 * quiet / len(rows):.0f}%); days {days[0]:%Y-%m-%d}..{days[-1]:%Y-%m-%d}")
    for key in ("language", "template family", "event family"):
        heads, sigs = collections.Counter(), collections.Counter()
        for r in rows:
            heads[r[key]] += 1
            sigs[r[key]] += r["signals"]
        print(f"by {key} (headlines / expected signals):")
        for k in sorted(heads):
            print(f"  {k:24} {heads[k]:4} {sigs[k]:4}")


if __name__ == "__main__":
    main()
