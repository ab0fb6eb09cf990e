#!/usr/bin/env python3
"""Writes the china-ai-chips "fresh2" evaluation set (deterministic, fixed seed; python3 stdlib
plus the `zstd` command-line tool; the output is committed):

  headlines.jsonl               one headline a weekday, 14:00 UTC, with `lang`
  prices.jsonl.zst              trades every 10 minutes 13:30..16:00 UTC, every tracked instrument
                                and the three benchmarks (same line format as ../fresh)
  prices-adversarial.jsonl.zst  supplementary: quiet cases move like a policy hit (as ../fresh)
  labels.jsonl                  headline_id, family, template_family, split ("fresh2"), expect

A second independent set: every headline below was written by hand in a different session from
../fresh's (same assistant model), without reading the rule pack (rules.yaml, lists.yaml), the lexicons, the
dev/heldout/corpus/fresh headlines or labels. See README.md.

The price generator is ../fresh/make_fresh.py's, imported (not copied): an expected
(instrument, direction) moves 3.7..5% that way between 14:00 and 14:30 and holds to 16:00, its
benchmark stays within +-0.2%, other instruments drift within +-0.4%; "@all:up|down" moves every
instrument and benchmark alike. One addition here: "@co:SYM:up|down" (company news coinciding
with a move) is quiet but moves SYM alone 3.7..5% that way, its benchmark flat.
"""
import collections
import importlib.util
import json
import os
import random
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261203
SPLIT = "fresh2"
# Days: the fresh generator's weekdays (from 2035-01-08), skipping the first SKIP_DAYS so the two
# sets never share a day and can be replayed together.
SKIP_DAYS = 400


def load_fresh_generator():
    path = os.path.join(HERE, "..", "fresh", "make_fresh.py")
    spec = importlib.util.spec_from_file_location("make_fresh", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fresh = load_fresh_generator()

EN_SOURCES = ["Reuters", "Bloomberg", "Financial Times", "Wall Street Journal",
              "South China Morning Post", "Nikkei Asia", "CNBC", "Dow Jones Newswires",
              "Caixin Global", "The Information"]
ZH_SOURCES = ["新华社", "人民日报", "央视新闻", "财新", "证券时报", "第一财经", "财联社",
              "上海证券报", "中国证券报", "21世纪经济报道"]

# (template_family, event family, headline, expectations, source or None)
# expectations as ../fresh: space-separated SYM:long|short (SMIC = both listings); "" = quiet;
# "@all:up|down" = quiet market-wide move; "@co:SYM:up|down" = quiet, SYM alone moves.
CASES = [
    # --- wire_flash: plain Reuters/Nikkei/CNBC sentence-case flashes, "UPDATE n-" prefixes ---
    ("wire_flash", "security_review",
     "China summons Nvidia over alleged backdoor risks in H20 chips", "NVDA:short", "Reuters"),
    ("wire_flash", "blacklist",
     "China puts Micron on unreliable entity list, bars new orders", "MU:short", "Reuters"),
    ("wire_flash", "easing",
     "UPDATE 2-China approves Nvidia H20 purchases for ByteDance, Alibaba and Tencent",
     "NVDA:long", "Reuters"),
    ("wire_flash", "easing",
     "China drops antitrust review of Qualcomm's Autotalks acquisition", "QCOM:long", "Reuters"),
    ("wire_flash", "antitrust",
     "China fines Intel 1.2 billion yuan for abusing dominant market position", "INTC:short",
     "Nikkei Asia"),
    ("wire_flash", "us_export_controls",
     "US Commerce Department revokes Qualcomm's export licence for Huawei", "QCOM:short",
     "Reuters"),
    ("wire_flash", "domestic_support",
     "China to give Cambricon priority in state AI computing tenders", "688256.SS:long",
     "Reuters"),
    ("wire_flash", "procurement_guidance",
     "UPDATE 1-China discourages tech firms from ordering Nvidia's RTX Pro 6000D",
     "NVDA:short", "Reuters"),
    ("wire_flash", "stockpiling",
     "Chinese cloud firms rush to stock up on AMD MI308 chips before new rules", "AMD:long",
     "CNBC"),
    ("wire_flash", "near_miss",
     "China opens anti-dumping probe into US analog chips from Texas Instruments", "",
     "Reuters"),
    ("wire_flash", "near_miss",
     "China clears Synopsys' Ansys takeover with conditions", "", "Reuters"),
    ("wire_flash", "denial",
     "China denies telling companies to halt Nvidia H20 purchases", "", "Reuters"),
    ("wire_flash", "analyst_opinion",
     "Analysts see Cambricon gaining if Beijing curbs Nvidia further", "", "CNBC"),

    # --- wire_caps: Bloomberg "*" first-word flashes and all-caps wire lines ---
    ("wire_caps", "procurement_guidance",
     "*CHINA SAID TO TELL STATE FIRMS TO HALT NVIDIA H20 ORDERS", "NVDA:short", "Bloomberg"),
    ("wire_caps", "antitrust",
     "*CHINA SAMR OPENS PROBE INTO QUALCOMM OVER AUTOTALKS DEAL", "QCOM:short", "Bloomberg"),
    ("wire_caps", "customs_checks",
     "*CHINA CUSTOMS STEPS UP CHECKS ON NVIDIA CHIP IMPORTS AT MAJOR PORTS", "NVDA:short",
     "Bloomberg"),
    ("wire_caps", "us_licence_easing",
     "*US GRANTS AMD LICENSE TO SELL MI308 CHIPS TO CHINA", "AMD:long", "Bloomberg"),
    ("wire_caps", "usage_ban",
     "CHINA BANS MICRON CHIPS FROM CRITICAL INFRASTRUCTURE PROJECTS", "MU:short",
     "Dow Jones Newswires"),
    ("wire_caps", "domestic_support",
     "*CHINA'S MIIT ADDS CAMBRICON, HYGON CHIPS TO GOVERNMENT PROCUREMENT LIST",
     "688256.SS:long 688041.SS:long", "Bloomberg"),
    ("wire_caps", "domestic_support",
     "CHINA TELLS STATE BANKS TO BOOST LENDING TO SMIC, HUA HONG", "SMIC:long",
     "Dow Jones Newswires"),
    ("wire_caps", "easing",
     "*CHINA LIFTS SALES CURBS ON MICRON CHIPS FOR INFRASTRUCTURE OPERATORS", "MU:long",
     "Bloomberg"),
    ("wire_caps", "denial",
     "*NVIDIA SAYS CHINA HAS NOT ORDERED HALT TO H20 PURCHASES", "", "Bloomberg"),
    ("wire_caps", "coincident_company_news",
     "*AMD 3Q REV. $9.2B, EST. $8.7B", "@co:AMD:up", "Bloomberg"),
    ("wire_caps", "market_wide",
     "*SHANGHAI COMPOSITE FALLS 4.2%, MOST SINCE 2024", "@all:down", "Bloomberg"),

    # --- exclusive_sources: "Exclusive:", "- sources", "people familiar", "-REPORT" ---
    ("exclusive_sources", "procurement_guidance",
     "Exclusive: China tells tech giants to cancel Nvidia RTX Pro 6000D orders - sources",
     "NVDA:short", "Reuters"),
    ("exclusive_sources", "antitrust",
     "Exclusive: Beijing weighs antitrust probe into AMD's ZT Systems deal, sources say",
     "AMD:short", "Reuters"),
    ("exclusive_sources", "easing",
     "China to let Alibaba, Baidu buy limited Nvidia H200 volumes, people familiar say",
     "NVDA:long", "Bloomberg"),
    ("exclusive_sources", "security_review",
     "Intel chips face Chinese security review after industry group complaint - sources",
     "INTC:short", "Reuters"),
    ("exclusive_sources", "antitrust",
     "CHINA PROBES QUALCOMM OVER CHIP LICENSING FEES -REPORT", "QCOM:short",
     "Dow Jones Newswires"),
    ("exclusive_sources", "usage_ban",
     "Beijing orders data centres to rip out foreign AI chips, sources say",
     "NVDA:short AMD:short", "Financial Times"),
    ("exclusive_sources", "domestic_support",
     "Exclusive: Hygon lands priority access to state bank funding under new chip plan - sources",
     "688041.SS:long", "Reuters"),
    ("exclusive_sources", "us_export_controls",
     "U.S. Set to Revoke Nvidia's H20 Export Licenses, People Familiar Say", "NVDA:short",
     "Wall Street Journal"),
    ("exclusive_sources", "domestic_support",
     "Beijing backs SMIC capacity tripling with new subsidies - sources", "SMIC:long",
     "Financial Times"),
    ("exclusive_sources", "coincident_company_news",
     "Nvidia's China head to step down, sources say", "", "The Information"),
    ("exclusive_sources", "denial",
     "Exclusive: Chinese regulators have no plan to restrict AMD chips, sources say", "",
     "Reuters"),
    ("exclusive_sources", "near_miss",
     "Exclusive: Samsung in talks to supply HBM chips to Chinese AI firms - sources", "",
     "Reuters"),

    # --- passive_agentless: "state firms told to ...", "... said to be ..." ---
    ("passive_agentless", "procurement_guidance",
     "State-owned enterprises told to stop buying Nvidia chips", "NVDA:short", None),
    ("passive_agentless", "security_review",
     "Chinese tech firms asked to explain why they ordered H20 chips", "NVDA:short",
     "Financial Times"),
    ("passive_agentless", "usage_ban",
     "Micron products barred from China's key information infrastructure", "MU:short", None),
    ("passive_agentless", "easing",
     "Qualcomm's Autotalks deal cleared in China after lengthy review", "QCOM:long", None),
    ("passive_agentless", "customs_checks",
     "Nvidia H20 shipments held at Chinese customs as inspections widen", "NVDA:short",
     "Financial Times"),
    ("passive_agentless", "usage_ban",
     "Intel server chips to be phased out of Chinese government computers", "INTC:short",
     None),
    ("passive_agentless", "domestic_support",
     "Cambricon to be prioritised in provincial AI computing centres", "688256.SS:long",
     "South China Morning Post"),
    ("passive_agentless", "us_licence_easing",
     "AMD granted US licences for MI308 shipments to China", "AMD:long", None),
    ("passive_agentless", "procurement_guidance",
     "Chinese hyperscalers instructed to cut purchases of US AI chips", "NVDA:short AMD:short",
     None),
    ("passive_agentless", "denial",
     "Reports of curbs on Micron sales said to be inaccurate", "", None),
    ("passive_agentless", "near_miss",
     "iPhones said to be restricted at Chinese state agencies", "", None),
    ("passive_agentless", "coincident_company_news",
     "Nvidia's new gaming GPU said to launch in China next month", "", None),

    # --- light_verb_noun: "orders a halt to", "slaps a fine on", "gives the green light to" ---
    ("light_verb_noun", "procurement_guidance",
     "China orders a halt to Nvidia H20 purchases by state-backed cloud providers",
     "NVDA:short", None),
    ("light_verb_noun", "antitrust",
     "Beijing slaps record fine on Qualcomm over licensing practices", "QCOM:short", None),
    ("light_verb_noun", "procurement_guidance",
     "China puts a freeze on new Micron orders from telecom carriers", "MU:short", None),
    ("light_verb_noun", "easing",
     "China gives the green light to AMD's ZT Systems deal", "AMD:long", None),
    ("light_verb_noun", "security_review",
     "Beijing launches a sweeping review of Intel products sold in China", "INTC:short", None),
    ("light_verb_noun", "us_export_controls",
     "Washington puts a stop to Nvidia's H20 sales to China", "NVDA:short", None),
    ("light_verb_noun", "domestic_support",
     "China makes a big push for Cambricon chips in state computing hubs", "688256.SS:long",
     None),
    ("light_verb_noun", "easing",
     "China takes Micron off its unreliable entity list", "MU:long", None),
    ("light_verb_noun", "near_miss",
     "China announces a crackdown on price wars among electric-car makers", "", None),
    ("light_verb_noun", "coincident_company_news",
     "Nvidia makes $5 billion investment in Intel", "@co:INTC:up", None),

    # --- actor_by_role: the actor named by function, not by name ---
    ("actor_by_role", "security_review",
     "Beijing's internet watchdog calls in Nvidia executives over H20 'backdoor' risks",
     "NVDA:short", None),
    ("actor_by_role", "antitrust",
     "China's market watchdog says Nvidia violated anti-monopoly law in Mellanox deal",
     "NVDA:short", None),
    ("actor_by_role", "blacklist",
     "The commerce ministry adds Micron's China unit to its export control list", "MU:short",
     None),
    ("actor_by_role", "usage_ban",
     "China's top economic planner tells data centres to shun foreign AI chips",
     "NVDA:short AMD:short", None),
    ("actor_by_role", "domestic_support",
     "China's industry ministry lists Hygon processors for government purchases",
     "688041.SS:long", None),
    ("actor_by_role", "us_export_controls",
     "US export agency tightens licence rules for AMD chips bound for China", "AMD:short",
     None),
    ("actor_by_role", "customs_checks",
     "China's customs agency tightens inspections of Nvidia chip shipments", "NVDA:short",
     None),
    ("actor_by_role", "easing",
     "Beijing's antitrust regulator clears Qualcomm's Alphawave purchase", "QCOM:long", None),
    ("actor_by_role", "domestic_support",
     "China's state planner approves new subsidies for SMIC's Beijing fab", "SMIC:long", None),
    ("actor_by_role", "near_miss",
     "China's cyberspace regulator fines Weibo over content lapses", "", None),
    ("actor_by_role", "denial",
     "The commerce ministry calls reports of an Nvidia probe 'pure speculation'", "", None),
    ("actor_by_role", "other_country",
     "Japan's trade ministry adds Chinese firms to export control list", "", None),

    # --- multi_firm: several firms in one headline, each expected ---
    ("multi_firm", "usage_ban",
     "China tells firms to avoid Nvidia, AMD chips in new government data centres",
     "NVDA:short AMD:short", None),
    ("multi_firm", "us_export_controls",
     "US revokes Intel, Qualcomm licences to supply Huawei", "INTC:short QCOM:short", None),
    ("multi_firm", "domestic_support",
     "China steers AI firms toward Cambricon and Hygon chips, away from Nvidia",
     "688256.SS:long 688041.SS:long NVDA:short", None),
    ("multi_firm", "easing",
     "Beijing approves Nvidia H20 and AMD MI308 sales to Chinese cloud firms",
     "NVDA:long AMD:long", None),
    ("multi_firm", "security_review",
     "China launches security reviews of Micron and Intel products", "MU:short INTC:short",
     None),
    ("multi_firm", "antitrust",
     "Chinese regulators fine Qualcomm, open probe into Nvidia", "QCOM:short NVDA:short",
     None),
    ("multi_firm", "domestic_support",
     "Alibaba, Tencent swap Nvidia orders for Cambricon chips under state guidance",
     "NVDA:short 688256.SS:long", None),
    ("multi_firm", "near_miss",
     "China fines Alibaba, Meituan and JD.com in food-delivery price war probe", "", None),
    ("multi_firm", "market_wide",
     "Nvidia, AMD, Intel shares fall as Nasdaq slides 3%", "@all:down", None),
    ("multi_firm", "other_country",
     "TSMC, Samsung and SK Hynix face new Dutch export rules", "", None),

    # --- class_alias: the class of US chips by other names (class = NVDA and AMD) ---
    ("class_alias", "procurement_guidance",
     "China tells state firms to stop buying American AI chips", "NVDA:short AMD:short", None),
    ("class_alias", "usage_ban",
     "Beijing bars foreign accelerators from government-funded computing centres",
     "NVDA:short AMD:short", None),
    ("class_alias", "customs_checks",
     "Chinese customs cracks down on imported GPUs", "NVDA:short AMD:short", None),
    ("class_alias", "easing",
     "China lets tech firms resume orders for US-designed AI processors",
     "NVDA:long AMD:long", None),
    ("class_alias", "other_country",
     "South Korea to subsidise domestic AI chip output as US chips stay scarce", "", None),
    ("class_alias", "us_licence_easing",
     "US to ease export licences for American AI accelerators bound for China",
     "NVDA:long AMD:long", None),
    ("class_alias", "state_media_campaign",
     "State media urge consumers to shun foreign GPUs over security concerns",
     "NVDA:short AMD:short", None),
    ("class_alias", "industry_body",
     "Chinese internet industry association warns members off US-made AI chips",
     "NVDA:short AMD:short", None),
    ("class_alias", "near_miss",
     "China urges caution on foreign cosmetics imports", "", None),
    ("class_alias", "analyst_opinion",
     "Foreign chipmakers' share of China's AI market to halve by 2027, analysts say", "",
     None),

    # --- quote: quoted speech, headline built around a quote ---
    ("quote", "state_media_campaign",
     "\"Not safe, not advanced\": People's Daily commentary slams Nvidia H20", "NVDA:short",
     None),
    ("quote", "security_review",
     "Micron chips pose \"significant security risks\", China's CAC says", "MU:short", None),
    ("quote", "antitrust",
     "Commerce ministry: Nvidia case shows \"zero tolerance\" for monopoly abuse",
     "NVDA:short", None),
    ("quote", "domestic_support",
     "China vows \"all-out support\" for Cambricon, Hygon in AI chip drive",
     "688256.SS:long 688041.SS:long", None),
    ("quote", "us_licence_easing",
     "US official says Nvidia H20 licences \"will be granted\" within weeks", "NVDA:long",
     None),
    ("quote", "easing",
     "Qualcomm is \"welcome\" in China, regulator says as it ends probe", "QCOM:long", None),
    ("quote", "industry_body",
     "Industry group urges members to be \"cautious\" with Intel chips", "INTC:short", None),
    ("quote", "denial",
     "\"No such guidance exists\": MIIT on reported Nvidia purchase ban", "", None),
    ("quote", "coincident_company_news",
     "Jensen Huang says China is \"a $50 billion opportunity\"", "", None),
    ("quote", "analyst_opinion",
     "\"Overblown\": Morgan Stanley says China ban fears hit Nvidia too hard", "", None),

    # --- market_reaction: headline framed around the share move ---
    ("market_reaction", "easing",
     "Intel climbs after Beijing ends security review of its chips", "INTC:long", None),
    ("market_reaction", "security_review",
     "Micron Slides After China's Cyber Watchdog Flags Security Risks", "MU:short",
     "Bloomberg"),
    ("market_reaction", "domestic_support",
     "Cambricon soars after Beijing names it key supplier for state AI projects",
     "688256.SS:long", None),
    ("market_reaction", "domestic_support",
     "SMIC jumps as Beijing expands chip subsidies for local foundries", "SMIC:long", None),
    ("market_reaction", "us_licence_easing",
     "AMD rallies after US clears MI308 sales to China", "AMD:long", None),
    ("market_reaction", "antitrust",
     "Qualcomm drops as China's SAMR opens antitrust probe", "QCOM:short", None),
    ("market_reaction", "domestic_support",
     "Hygon hits limit-up on government procurement listing", "688041.SS:long", None),
    ("market_reaction", "coincident_company_news",
     "Nvidia shares slip as investors lock in gains after earnings", "@co:NVDA:down", None),
    ("market_reaction", "market_wide",
     "Chip stocks tumble worldwide as bond yields surge", "@all:down", None),
    ("market_reaction", "coincident_company_news",
     "Intel rises on report of foundry customer win", "@co:INTC:up", None),

    # --- zh_state_media: 新华社/人民日报/央视 formal style, full agency names ---
    ("zh_state_media", "security_review",
     "国家互联网信息办公室约谈英伟达公司 要求就H20算力芯片漏洞后门安全风险问题进行说明",
     "NVDA:short", "央视新闻"),
    ("zh_state_media", "antitrust",
     "国家市场监督管理总局依法对高通公司开展立案调查", "QCOM:short", "新华社"),
    ("zh_state_media", "antitrust",
     "市场监管总局：英伟达公司违反《中华人民共和国反垄断法》 依法实施进一步调查",
     "NVDA:short", "新华社"),
    ("zh_state_media", "blacklist",
     "中华人民共和国商务部公告：将美光科技公司列入不可靠实体清单", "MU:short", "新华社"),
    ("zh_state_media", "usage_ban",
     "国家网信办：美光公司在华销售产品未通过网络安全审查 关键信息基础设施运营者应停止采购",
     "MU:short", "新华社"),
    ("zh_state_media", "state_media_campaign",
     "人民日报评论：H20芯片既不先进也不安全 英伟达应作出说明", "NVDA:short", "人民日报"),
    ("zh_state_media", "domestic_support",
     "工业和信息化部印发通知 支持寒武纪等国产AI芯片企业参与国家算力网络建设",
     "688256.SS:long", "人民日报"),
    ("zh_state_media", "domestic_support",
     "国家发展和改革委员会：加大对中芯国际等集成电路制造企业的支持力度", "SMIC:long",
     "新华社"),
    ("zh_state_media", "customs_checks",
     "中华人民共和国海关总署：加强对英伟达等进口芯片产品的查验", "NVDA:short", "央视新闻"),
    ("zh_state_media", "easing",
     "市场监管总局附加限制性条件批准超威半导体收购ZT Systems案", "AMD:long", "新华社"),
    ("zh_state_media", "easing",
     "商务部决定将美光科技公司移出不可靠实体清单", "MU:long", "新华社"),
    ("zh_state_media", "industry_body",
     "中国网络空间安全协会：建议对英特尔在华销售产品启动网络安全审查", "INTC:short",
     "央视新闻"),
    ("zh_state_media", "domestic_support",
     "国家集成电路产业投资基金三期向海光信息、寒武纪注资", "688041.SS:long 688256.SS:long",
     "央视新闻"),
    ("zh_state_media", "usage_ban",
     "国务院国资委要求中央企业逐步替换外资AI芯片", "NVDA:short AMD:short", "人民日报"),
    ("zh_state_media", "denial",
     "商务部否认要求企业停止采购英伟达芯片", "", "新华社"),
    ("zh_state_media", "near_miss",
     "外交部：中方坚决反对美方将经贸科技问题政治化", "", "新华社"),
    ("zh_state_media", "near_miss",
     "市场监管总局对某外资乳企价格违法行为处以罚款", "", "新华社"),
    ("zh_state_media", "near_miss",
     "新华社：1至10月我国新能源汽车出口量同比增长30%", "", "新华社"),

    # --- zh_wire_flash: 快讯｜, 【】, 财联社电, terse financial-wire style ---
    ("zh_wire_flash", "security_review",
     "快讯｜网信办约谈英伟达 要求说明H20芯片安全风险", "NVDA:short", "财联社"),
    ("zh_wire_flash", "antitrust",
     "【快讯】市场监管总局对英特尔处以罚款", "INTC:short", "证券时报"),
    ("zh_wire_flash", "antitrust",
     "财联社电，商务部宣布对高通公司启动反垄断调查", "QCOM:short", "财联社"),
    ("zh_wire_flash", "us_export_controls",
     "快讯：美国商务部撤销英特尔向华为供货的出口许可", "INTC:short", "第一财经"),
    ("zh_wire_flash", "us_licence_easing",
     "快讯｜美国政府批准英伟达向中国出口H20芯片的许可申请", "NVDA:long", "第一财经"),
    ("zh_wire_flash", "domestic_support",
     "寒武纪午后涨停 消息面上国家加大对国产AI芯片采购支持", "688256.SS:long", "证券时报"),
    ("zh_wire_flash", "domestic_support",
     "快讯｜中芯国际获国家大基金增资", "SMIC:long", "财联社"),
    ("zh_wire_flash", "domestic_support",
     "海光信息获工信部专项补贴 股价大涨", "688041.SS:long", "上海证券报"),
    ("zh_wire_flash", "customs_checks",
     "快讯：海关总署在多个口岸加强对美国芯片进口的查验", "NVDA:short AMD:short", "财联社"),
    ("zh_wire_flash", "easing",
     "快讯｜网信办：英特尔在华销售产品通过网络安全审查", "INTC:long", "财联社"),
    ("zh_wire_flash", "usage_ban",
     "快讯｜商务部：即日起暂停美光产品在关键信息基础设施领域的销售", "MU:short", "证券时报"),
    ("zh_wire_flash", "easing",
     "快讯：市场监管总局无条件批准高通收购Alphawave", "QCOM:long", "第一财经"),
    ("zh_wire_flash", "stockpiling",
     "国内大厂抢购英伟达H20 赶在新规落地前囤货", "NVDA:long", "21世纪经济报道"),
    ("zh_wire_flash", "coincident_company_news",
     "快讯｜英伟达发布新一代Rubin架构GPU", "", "财联社"),
    ("zh_wire_flash", "coincident_company_news",
     "美光科技第三财季营收超预期 盘后股价涨5%", "@co:MU:up", "证券时报"),
    ("zh_wire_flash", "market_wide",
     "快讯｜沪深两市成交额突破2万亿元 科创50指数涨超4%", "@all:up", "财联社"),
    ("zh_wire_flash", "near_miss",
     "快讯｜国家网信办部署开展“清朗”专项行动整治网络直播乱象", "", "财联社"),
    ("zh_wire_flash", "denial",
     "【辟谣】网传“商务部禁止采购超威芯片”系谣言", "", "第一财经"),

    # --- zh_sources: 独家｜, 消息人士称, 据知情人士透露, 据悉 ---
    ("zh_sources", "procurement_guidance",
     "独家｜知情人士：监管部门已窗口指导互联网大厂暂停采购H20", "NVDA:short", "财新"),
    ("zh_sources", "usage_ban",
     "消息人士称，有关部门要求国内数据中心停止使用英伟达芯片", "NVDA:short", "财新"),
    ("zh_sources", "blacklist",
     "据知情人士透露，商务部正考虑将美光关联公司列入出口管制管控名单", "MU:short", "第一财经"),
    ("zh_sources", "domestic_support",
     "独家：发改委拟要求新建智算中心国产芯片占比不低于50% 寒武纪、海光受益",
     "688256.SS:long 688041.SS:long", "财新"),
    ("zh_sources", "easing",
     "消息人士：中方将允许部分企业采购AMD MI308芯片", "AMD:long", "第一财经"),
    ("zh_sources", "security_review",
     "独家｜网信办拟对高通部分芯片产品开展网络安全审查", "QCOM:short", "财新"),
    ("zh_sources", "domestic_support",
     "消息称中芯国际将获地方政府百亿元补贴", "SMIC:long", "21世纪经济报道"),
    ("zh_sources", "us_export_controls",
     "知情人士：美方拟收紧英伟达对华出口许可 H20或被全面禁售", "NVDA:short", "第一财经"),
    ("zh_sources", "antitrust",
     "独家｜市场监管总局对英伟达反垄断调查接近尾声 或处以高额罚款", "NVDA:short", "财新"),
    ("zh_sources", "procurement_guidance",
     "消息人士称，国资委要求央企采购清单剔除英特尔和超威处理器", "INTC:short AMD:short",
     "财新"),
    ("zh_sources", "domestic_support",
     "据悉，工信部将寒武纪思元系列芯片纳入政府采购目录", "688256.SS:long", "上海证券报"),
    ("zh_sources", "easing",
     "消息称腾讯、阿里巴巴获准采购英伟达H200芯片", "NVDA:long", "21世纪经济报道"),
    ("zh_sources", "security_review",
     "独家｜知情人士：超威半导体在华服务器芯片将接受安全评估", "AMD:short", "财新"),
    ("zh_sources", "denial",
     "消息人士：有关英伟达芯片在华被禁售的传言并不属实", "", "第一财经"),
    ("zh_sources", "near_miss",
     "独家｜华为昇腾新一代芯片即将量产", "", "财新"),
    ("zh_sources", "near_miss",
     "知情人士：小米计划分拆电动车业务赴港上市", "", "21世纪经济报道"),
    ("zh_sources", "coincident_company_news",
     "消息称英特尔将在全球裁员一成", "@co:INTC:down", "第一财经"),
    ("zh_sources", "analyst_opinion",
     "券商研报：英伟达在华份额或持续下滑 国产替代空间广阔", "", "中国证券报"),

    # --- zh_mixed_en: Chinese text with English names and product codes ---
    ("zh_mixed_en", "security_review",
     "网信办约谈Nvidia 要求解释H20是否存在“后门”", "NVDA:short", "第一财经"),
    ("zh_mixed_en", "procurement_guidance",
     "RTX Pro 6000D遭叫停：多家大厂收到通知暂停下单", "NVDA:short", "财联社"),
    ("zh_mixed_en", "us_licence_easing",
     "MI308对华出口获美方许可，AMD盘后涨6%", "AMD:long", "证券时报"),
    ("zh_mixed_en", "us_export_controls",
     "美国BIS撤销Qualcomm对华为的供货许可", "QCOM:short", "财联社"),
    ("zh_mixed_en", "antitrust",
     "SAMR对Micron展开反垄断调查", "MU:short", "第一财经"),
    ("zh_mixed_en", "easing",
     "H20重新获准在华销售 Nvidia股价走高", "NVDA:long", "财联社"),
    ("zh_mixed_en", "domestic_support",
     "Cambricon获国家大基金三期注资 科创板AI芯片股集体走强", "688256.SS:long", "证券时报"),
    ("zh_mixed_en", "denial",
     "Nvidia中国区回应：未收到任何暂停H20销售的通知", "", "21世纪经济报道"),
    ("zh_mixed_en", "domestic_support",
     "Hygon海光DCU纳入信创采购清单", "688041.SS:long", "证券时报"),
    ("zh_mixed_en", "customs_checks",
     "海关总署严查NVIDIA H20、RTX Pro 6000D进口", "NVDA:short", "财新"),
    ("zh_mixed_en", "us_licence_easing",
     "美国商务部批准AMD、Nvidia对华出口许可 MI308、H20恢复供货", "AMD:long NVDA:long",
     "第一财经"),
    ("zh_mixed_en", "usage_ban",
     "国家网信办：Intel产品存在安全漏洞 建议关键信息基础设施停用", "INTC:short", "财新"),
    ("zh_mixed_en", "procurement_guidance",
     "中国要求科技公司停止采购Nvidia、AMD的AI芯片", "NVDA:short AMD:short", "财联社"),
    ("zh_mixed_en", "near_miss",
     "商务部对原产于美国的模拟芯片发起反倾销调查 Texas Instruments、ADI在列", "", "财联社"),
    ("zh_mixed_en", "coincident_company_news",
     "Nvidia发布Q3财报 数据中心营收创新高", "@co:NVDA:up", "财联社"),
    ("zh_mixed_en", "analyst_opinion",
     "高盛：中国对H20的限制影响有限 维持Nvidia买入评级", "", "第一财经"),
    ("zh_mixed_en", "coincident_company_news",
     "AMD CEO苏姿丰：对中国市场长期保持乐观", "", "21世纪经济报道"),
    ("zh_mixed_en", "near_miss",
     "Apple Intelligence在华上线仍待监管审批", "", "第一财经"),

    # --- zh_role_passive: 被要求/被约谈/被纳入, 有关部门, no named agency ---
    ("zh_role_passive", "procurement_guidance",
     "多家国有企业被要求暂停采购英伟达芯片", "NVDA:short", None),
    ("zh_role_passive", "security_review",
     "英伟达被约谈 监管要求就H20安全问题作出说明", "NVDA:short", None),
    ("zh_role_passive", "usage_ban",
     "美光产品被禁止用于关键信息基础设施", "MU:short", None),
    ("zh_role_passive", "easing",
     "高通收购案获有条件批准", "QCOM:long", None),
    ("zh_role_passive", "security_review",
     "英特尔在华销售产品被要求接受网络安全审查", "INTC:short", None),
    ("zh_role_passive", "procurement_guidance",
     "国内互联网企业被告知不得采购美国AI芯片", "NVDA:short AMD:short", None),
    ("zh_role_passive", "domestic_support",
     "寒武纪被列为国家算力枢纽首选供应商", "688256.SS:long", None),
    ("zh_role_passive", "domestic_support",
     "中芯国际先进制程扩产获国家资金支持", "SMIC:long", None),
    ("zh_role_passive", "domestic_support",
     "海光信息被纳入中央企业采购目录", "688041.SS:long", None),
    ("zh_role_passive", "antitrust",
     "超威半导体在华被立案调查", "AMD:short", None),
    ("zh_role_passive", "procurement_guidance",
     "英伟达RTX Pro 6000D在华订单被要求取消", "NVDA:short", None),
    ("zh_role_passive", "easing",
     "美光被移出不可靠实体清单 在华业务恢复正常", "MU:long", None),
    ("zh_role_passive", "easing",
     "英伟达H20在华采购限制被解除", "NVDA:long", None),
    ("zh_role_passive", "usage_ban",
     "外国加速卡被排除在政务云采购之外", "NVDA:short AMD:short", None),
    ("zh_role_passive", "denial",
     "有关“英伟达芯片在华被全面禁用”的说法被证实为误读", "", None),
    ("zh_role_passive", "near_miss",
     "部分新能源车企被要求整改价格战行为", "", None),
    ("zh_role_passive", "coincident_company_news",
     "高通骁龙新款旗舰芯片在华发布", "", None),
    ("zh_role_passive", "coincident_company_news",
     "英特尔被曝拟出售网络与边缘业务部门", "", None),
]


def moves_for_case(spec, expect, rng, adversarial):
    """The fresh generator's moves, plus "@co:SYM:up|down": quiet company news with SYM alone
    moving (the fresh generator leaves any other "@" spec flat, which this then overrides)."""
    base = fresh.adversarial_moves if adversarial else fresh.moves_for
    moves = base(spec, expect, rng)
    if spec.startswith("@co:"):
        _, sym, way = spec.split(":")
        assert sym in fresh.BASE and sym not in fresh.BENCHMARKS, spec
        moves[sym] = rng.uniform(0.037, 0.05) * (1 if way == "up" else -1)
    return moves


def write_prices(path, cases, days, rng, adversarial):
    with open(path, "w") as p:
        for (_, _, _, spec, _), day in zip(cases, days):
            expect = fresh.parse_expect(spec)
            for line in fresh.price_lines(day, moves_for_case(spec, expect, rng, adversarial),
                                          rng):
                p.write(json.dumps(line, separators=(",", ":")) + "\n")
    subprocess.run(["zstd", "-q", "-19", "-f", path, "-o", path + ".zst"], check=True)
    os.remove(path)

def write_set(here, cases, days, rng, seed, split, prefix, choose_source):
    """Writes headlines.jsonl, labels.jsonl and both price files of a set into `here` (one
    case a day, ids PREFIX-0001...; a case without a source gets choose_source(template
    family, lang)); returns one row per headline for print_counts. fresh3 and fresh4 call it
    too, so that every fresh set is written alike."""
    rows = []
    with open(os.path.join(here, "headlines.jsonl"), "w", encoding="utf-8") as h, \
            open(os.path.join(here, "labels.jsonl"), "w", encoding="utf-8") as lab:
        for i, (tf, family, text, spec, source) in enumerate(cases):
            hid = f"{prefix}-{i + 1:04d}"
            lang = "zh" if fresh.is_zh(text) else "en"
            assert tf.startswith("zh_") == (lang == "zh"), text
            if source is None:
                source = choose_source(tf, lang)
            expect = fresh.parse_expect(spec)
            h.write(json.dumps({"id": hid, "ts": days[i].strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "source": source, "headline": text, "lang": lang},
                               ensure_ascii=False) + "\n")
            lab.write(json.dumps({"headline_id": hid, "family": family, "template_family": tf,
                                  "split": split,
                                  "expect": [{"instrument": s, "direction": d}
                                             for s, d in expect]}) + "\n")
            rows.append({"template family": tf, "event family": family, "language": lang,
                         "signals": len(expect)})
    write_prices(os.path.join(here, "prices.jsonl"), cases, days, rng, adversarial=False)
    # Supplementary, own RNG (the main files do not depend on it).
    write_prices(os.path.join(here, "prices-adversarial.jsonl"), cases, days,
                 random.Random(seed + 1), adversarial=True)
    return rows


def make_set(here, cases, seed, split, prefix, skip_days, choose_source, show_days=True):
    """Shuffles `cases` with the set's seed, gives each a weekday after the first `skip_days`,
    writes the set (write_set; choose_source(rng, template family, lang) for a case without a
    source) and prints its counts."""
    rng = random.Random(seed)
    cases = list(cases)
    rng.shuffle(cases)
    days = fresh.trading_days(skip_days + len(cases))[skip_days:]
    rows = write_set(here, cases, days, rng, seed, split, prefix,
                     lambda tf, lang: choose_source(rng, tf, lang))
    print_counts(rows, days if show_days else None)


def print_counts(rows, days=None):
    """Prints a set's counts by language, template family and event family."""
    quiet = sum(1 for r in rows if not r["signals"])
    zh = sum(1 for r in rows if r["language"] == "zh")
    span = f"; days {days[0]:%Y-%m-%d}..{days[-1]:%Y-%m-%d}" if days else ""
    print(f"{len(rows)} headlines ({zh} zh, {100 * zh / len(rows):.0f}%), "
          f"{sum(r['signals'] for r in rows)} expected signals, "
          f"{len(rows) - quiet} with expectations, {quiet} quiet "
          f"({100 * quiet / len(rows):.0f}%){span}")
    for key in ("language", "template family", "event family"):
        heads, sigs = collections.Counter(), collections.Counter()
        for r in rows:
            heads[r[key]] += 1
            sigs[r[key]] += r["signals"]
        print(f"by {key} (headlines / expected signals):")
        for k in sorted(heads):
            print(f"  {k:24} {heads[k]:4} {sigs[k]:4}")


def main():
    texts = [c[2] for c in CASES]
    assert len(texts) == len(set(texts)), "duplicate headline"
    assert len(fresh.CASES) <= SKIP_DAYS, "fresh2 days would overlap fresh's"
    make_set(HERE, CASES, SEED, SPLIT, "f2", SKIP_DAYS,
             lambda rng, tf, lang: rng.choice(ZH_SOURCES if lang == "zh" else EN_SOURCES),
             show_days=False)


if __name__ == "__main__":
    main()
