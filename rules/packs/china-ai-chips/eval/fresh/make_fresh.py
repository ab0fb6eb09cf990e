#!/usr/bin/env python3
"""Writes the china-ai-chips "fresh" evaluation set (deterministic, fixed seed; python3 stdlib
plus the `zstd` command-line tool; the output is committed):

  headlines.jsonl    one headline a trading day (weekdays), 14:00 UTC, with `lang`
  prices.jsonl.zst   trades every 10 minutes 13:30..16:00 UTC for every tracked instrument and
                     the three benchmarks (same line format as ../corpus), zstd -19
  labels.jsonl       headline_id, family, template_family, split ("fresh"), expect

Every headline below was written by hand for this set, without reading the rule pack
(rules.yaml, lists.yaml), the lexicons, the dev/heldout sets or the corpus headlines. See
README.md.

Prices: an expected (instrument, direction) moves 3.7..5% that way between 14:00 and 14:30 and
holds to 16:00; its benchmark stays within +-0.2%; every other instrument drifts within +-0.4%.
Quiet cases (expect []) either do not move at all (drift within +-0.4%, benchmarks +-0.2%) or,
for market_wide, every instrument and every benchmark moves the same 3.5..5% the same way.
"""
import collections
import json
import os
import random
import subprocess
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20260920
START = datetime(2035, 1, 8, 14, 0, tzinfo=timezone.utc)  # a Monday

BASE = {"NVDA": 182.0, "AMD": 158.0, "MU": 110.0, "INTC": 24.0, "QCOM": 160.0,
        "688256.SS": 1350.0, "688041.SS": 230.0, "0981.HK": 72.0, "688981.SS": 120.0,
        "SOXX": 240.0, "000688.SS": 1280.0, "HSTECH.HK": 5900.0}
BENCHMARKS = {"SOXX", "000688.SS", "HSTECH.HK"}
# SMIC is one company with two listings (Hong Kong and Shanghai STAR); a headline naming SMIC
# expects both listings.
ALIAS = {"SMIC": ["0981.HK", "688981.SS"]}

EN_SOURCES = ["Reuters", "Bloomberg", "South China Morning Post", "Caixin Global",
              "Nikkei Asia", "Financial Times", "CNBC", "The Information", "Wall Street Journal",
              "Global Times"]
ZH_SOURCES = ["财新", "新华社", "第一财经", "路透中文", "财联社", "证券时报", "21世纪经济报道",
              "界面新闻", "央视新闻", "澎湃新闻"]

# (template_family, event family, headline, expectations, source or None)
# expectations: space-separated SYM:long|short; "" = quiet; "@all:down"/"@all:up" = quiet
# market-wide move.
CASES = [
    # ---------------------------------------------------------------- wire_caps (English flashes)
    ("wire_caps", "security_review", "*CHINA'S CAC SUMMONS NVIDIA OVER H20 'BACKDOOR' SECURITY RISKS", "NVDA:short", "Bloomberg"),
    ("wire_caps", "antitrust", "*CHINA REGULATOR SAYS NVIDIA BROKE ANTI-MONOPOLY LAW IN PRELIMINARY PROBE", "NVDA:short", "Bloomberg"),
    ("wire_caps", "procurement_guidance", "*BEIJING TELLS TECH GIANTS TO HALT ORDERS OF NVIDIA RTX PRO 6000D: FT", "NVDA:short", "Bloomberg"),
    ("wire_caps", "customs_checks", "*CHINA CUSTOMS STEPS UP CHECKS ON NVIDIA CHIP SHIPMENTS AT MAJOR PORTS", "NVDA:short", "Bloomberg"),
    ("wire_caps", "datacentre_ban", "*CHINA SAID TO BAR STATE-FUNDED DATA CENTERS FROM USING AMD ACCELERATORS", "AMD:short", "Bloomberg"),
    ("wire_caps", "antitrust", "*CHINA'S SAMR PROBES QUALCOMM OVER AUTOTALKS DEAL DISCLOSURE", "QCOM:short", "Bloomberg"),
    ("wire_caps", "security_review", "*MICRON FAILS CHINA CYBERSECURITY REVIEW; INFRASTRUCTURE OPERATORS TOLD TO STOP BUYING", "MU:short", "Bloomberg"),
    ("wire_caps", "industry_body", "*CHINA CYBERSECURITY GROUP CALLS FOR SECURITY REVIEW OF INTEL PRODUCTS", "INTC:short", "Bloomberg"),
    ("wire_caps", "us_export_controls", "*US TO REQUIRE LICENSES FOR NVIDIA H20 SALES TO CHINA, COMPANY SAYS", "NVDA:short", "Bloomberg"),
    ("wire_caps", "us_export_controls", "*COMMERCE DEPT TIGHTENS RULES ON AMD MI308 EXPORTS TO CHINA", "AMD:short", "Bloomberg"),
    ("wire_caps", "easing", "*CHINA APPROVES NVIDIA H200 PURCHASES BY SOME TECH FIRMS: SOURCES", "NVDA:long", "Bloomberg"),
    ("wire_caps", "domestic_substitution", "*CHINA STATE FUND TO BACK CAMBRICON CAPACITY EXPANSION", "688256.SS:long", "Bloomberg"),
    ("wire_caps", "domestic_substitution", "*BEIJING ORDERS LOCAL GOVERNMENTS TO PRIORITIZE SMIC-MADE CHIPS", "SMIC:long", "Bloomberg"),
    ("wire_caps", "procurement_guidance", "CHINA URGES FIRMS TO SHUN NVIDIA H20 CHIPS - SOURCES", "NVDA:short", "Reuters"),

    # ---------------------------------------------------------------- quote (quoted speech)
    ("quote", "state_media_campaign", "'Not safe, not advanced': state media account tears into Nvidia's H20", "NVDA:short", None),
    ("quote", "procurement_guidance", "China's commerce ministry: 'Firms should not place new orders for Nvidia's H20 until further notice'", "NVDA:short", None),
    ("quote", "probe_other_firms", "'We will take necessary measures,' MOFCOM says as it launches probe into Micron sales", "MU:short", None),
    ("quote", "probe_other_firms", "“Security first”: Beijing asks telecom carriers to phase out Intel server chips by 2027", "INTC:short", None),
    ("quote", "security_review", "Regulator says AMD 'must explain' data flows in MI308 chips, summons executives", "AMD:short", None),
    ("quote", "domestic_substitution", "'Buy domestic': Beijing tells cloud providers to favour Cambricon accelerators", "688256.SS:long", None),
    ("quote", "easing", "'The door is open': China signals it will let companies buy Nvidia's H20 again", "NVDA:long", None),
    ("quote", "us_export_controls", "US Commerce chief: 'We are not selling our best chips to China' as AMD curbs widen", "AMD:short", None),
    ("quote", "probe_other_firms", "'Serious violation': China's market regulator widens Qualcomm antitrust inquiry", "QCOM:short", None),
    ("quote", "industry_body", "“Unreliable supplier”: Chinese industry group urges members to shun Micron memory", "MU:short", None),

    # ---------------------------------------------------------------- passive (agentless)
    ("passive", "procurement_guidance", "Chinese tech firms told to cancel Nvidia H20 orders, people familiar say", "NVDA:short", None),
    ("passive", "datacentre_ban", "Nvidia chips barred from new state-funded data centre projects in China", "NVDA:short", None),
    ("passive", "procurement_guidance", "AMD's China sales hit as state buyers are instructed to pause purchases", "AMD:short", None),
    ("passive", "probe_other_firms", "Intel processors to be removed from Chinese government PCs under new procurement rules", "INTC:short", None),
    ("passive", "probe_other_firms", "Qualcomm fined by Chinese regulator for failing to report acquisition", "QCOM:short", None),
    ("passive", "probe_other_firms", "Micron chips banned from critical infrastructure in China after review", "MU:short", None),
    ("passive", "customs_checks", "Nvidia shipments held up at Chinese customs as inspections tighten", "NVDA:short", None),
    ("passive", "domestic_substitution", "Domestic chipmakers including Hygon to be given priority in Chinese state tenders", "688041.SS:long", None),
    ("passive", "easing", "Nvidia H200 purchases cleared for Chinese buyers under new licensing arrangement", "NVDA:long", None),
    ("passive", "antitrust", "AMD placed under investigation in China over alleged monopoly pricing", "AMD:short", None),

    # ---------------------------------------------------------------- role_actor (actor named by role)
    ("role_actor", "security_review", "China's internet watchdog calls in Nvidia representatives over chip tracking concerns", "NVDA:short", None),
    ("role_actor", "datacentre_ban", "The country's top economic planner steers data centres away from Nvidia hardware", "NVDA:short", None),
    ("role_actor", "antitrust", "Beijing's antitrust authority extends probe into Nvidia's Mellanox commitments", "NVDA:short", None),
    ("role_actor", "probe_other_firms", "Top industry regulator urges carmakers to drop Qualcomm chips for local alternatives", "QCOM:short", None),
    ("role_actor", "probe_other_firms", "China's trade ministry adds Micron to unreliable entity list", "MU:short", None),
    ("role_actor", "probe_other_firms", "State asset regulator tells SOEs to replace Intel-based servers", "INTC:short", None),
    ("role_actor", "domestic_substitution", "Shanghai's municipal government rolls out compute vouchers for Cambricon-based clusters", "688256.SS:long", None),
    ("role_actor", "domestic_substitution", "China's national chip fund invests in SMIC's new Beijing fab", "SMIC:long", None),
    ("role_actor", "us_export_controls", "Washington's export control agency revokes licences for Intel shipments to Huawei", "INTC:short", None),
    ("role_actor", "security_review", "Cyberspace regulator summons AMD, demands documentation on MI308 security", "AMD:short", None),

    # ---------------------------------------------------------------- question
    ("question", "procurement_guidance", "Is China about to ban Nvidia's H20? Regulators summon firms over purchases", "NVDA:short", None),
    ("question", "antitrust", "Will Beijing's antitrust probe force Qualcomm to change its licensing in China?", "QCOM:short", None),
    ("question", "antitrust", "Why is China investigating Nvidia now? Regulator cites Mellanox deal terms", "NVDA:short", None),
    ("question", "domestic_substitution", "Can Cambricon scale up fast enough after Beijing's new subsidy push for domestic AI chips?", "688256.SS:long", None),
    ("question", "security_review", "Micron next? China's regulator widens cybersecurity review to US memory maker", "MU:short", None),
    ("question", "industry_body", "Is Intel next? Chinese industry body demands review of Intel chips sold in country", "INTC:short", None),

    # ---------------------------------------------------------------- long_clause (English, long)
    ("long_clause", "antitrust", "China, in a move likely to deepen tensions with Washington ahead of trade talks in Madrid, said on Monday that a preliminary investigation found Nvidia had breached its anti-monopoly law", "NVDA:short", None),
    ("long_clause", "procurement_guidance", "Chinese authorities, citing data security concerns raised in state media, have discouraged companies from purchasing Nvidia's H20 chips, according to people familiar with the matter", "NVDA:short", None),
    ("long_clause", "domestic_substitution", "Beijing, which has been pushing for self-sufficiency in semiconductors, has instructed major cloud providers to source at least half of their AI chips from domestic suppliers such as Cambricon and Hygon", "688256.SS:long 688041.SS:long", None),
    ("long_clause", "us_export_controls", "The US Commerce Department, expanding curbs first announced in 2022, said it would require licences for exports of AMD's MI308 and similar accelerators to China", "AMD:short", None),
    ("long_clause", "antitrust", "China's market regulator, which approved the Mellanox deal in 2020 on condition of fair supply, said Nvidia's conduct may have violated those terms and it would intensify its probe", "NVDA:short", None),
    ("long_clause", "customs_checks", "After months of signals from Beijing, Chinese customs officers have begun stopping shipments of Nvidia's China-specific chips at ports across the country, the FT reports", "NVDA:short", None),
    ("long_clause", "easing", "China's regulators, keen to secure computing power for AI developers, have approved purchases of Nvidia's H200 by ByteDance, Alibaba and Tencent, sources say", "NVDA:long", None),
    ("long_clause", "probe_other_firms", "Micron, barred from critical projects since 2023, now faces an anti-dumping probe into its memory sales in China, the commerce ministry said on Friday", "MU:short", None),

    # ---------------------------------------------------------------- easing (English)
    ("easing", "easing", "China lifts informal curbs on Nvidia H20 purchases after trade truce", "NVDA:long", None),
    ("easing", "easing", "Beijing drops antitrust probe into Qualcomm as trade talks progress", "QCOM:long", None),
    ("easing", "easing", "China removes Micron from procurement blacklist in goodwill gesture", "MU:long", None),
    ("easing", "easing", "Chinese regulator clears AMD's acquisition of ZT Systems without conditions", "AMD:long", None),
    ("easing", "easing", "China allows tech firms to resume orders of Nvidia chips", "NVDA:long", None),
    ("easing", "easing", "US grants licences for Nvidia H20 sales to China, reversing April ban", "NVDA:long", None),
    ("easing", "easing", "Washington lets AMD resume MI308 shipments to Chinese customers", "AMD:long", None),

    # ---------------------------------------------------------------- beneficiary (English)
    ("beneficiary", "domestic_substitution", "China expands subsidies for data centres using Cambricon and other domestic AI chips", "688256.SS:long", None),
    ("beneficiary", "domestic_substitution", "Beijing mandates homegrown processors in state computing hubs, a boost for Hygon", "688041.SS:long", None),
    ("beneficiary", "domestic_substitution", "China's Big Fund pours fresh capital into SMIC capacity expansion", "SMIC:long", None),
    ("beneficiary", "domestic_substitution", "Local governments offer power discounts to data centres that run on Huawei and Cambricon chips", "688256.SS:long", None),
    ("beneficiary", "domestic_substitution", "China adds Hygon CPUs to approved list for government procurement", "688041.SS:long", None),
    ("beneficiary", "domestic_substitution", "China orders state carriers to buy SMIC-made chips for 5G base stations", "SMIC:long", None),
    ("beneficiary", "domestic_substitution", "China tells state firms to swap Nvidia for Cambricon in new AI projects", "NVDA:short 688256.SS:long", None),

    # ---------------------------------------------------------------- us_controls (English)
    ("us_controls", "us_export_controls", "US adds new restrictions on Nvidia chip exports to China in latest AI crackdown", "NVDA:short", None),
    ("us_controls", "us_export_controls", "Washington tells Nvidia it needs a licence to ship H20 to China", "NVDA:short", None),
    ("us_controls", "us_export_controls", "Biden administration moves to curb AMD chip sales to Chinese firms", "AMD:short", None),
    ("us_controls", "us_export_controls", "Trump administration halts Nvidia H20 shipments to China pending review", "NVDA:short", None),
    ("us_controls", "us_export_controls", "US revokes Intel's licence to supply Huawei with laptop chips", "INTC:short", None),
    ("us_controls", "us_export_controls", "Commerce Department blocks Qualcomm from selling 4G chips to Huawei", "QCOM:short", None),

    # ---------------------------------------------------------------- zh_wire (terse Chinese wire)
    ("zh_wire", "security_review", "快讯｜网信办约谈英伟达，要求说明H20芯片漏洞后门安全风险", "NVDA:short", None),
    ("zh_wire", "antitrust", "突发！市场监管总局：英伟达违反反垄断法，将依法实施进一步调查", "NVDA:short", None),
    ("zh_wire", "procurement_guidance", "消息人士：监管部门要求国内大厂暂停采购英伟达H20", "NVDA:short", None),
    ("zh_wire", "customs_checks", "快讯｜海关加强对英伟达芯片进口的查验", "NVDA:short", None),
    ("zh_wire", "probe_other_firms", "重磅！商务部对美光在华销售产品启动调查", "MU:short", None),
    ("zh_wire", "procurement_guidance", "消息称有关部门叫停国企采购英特尔服务器芯片", "INTC:short", None),
    ("zh_wire", "antitrust", "快讯｜市场监管总局对高通公司立案调查", "QCOM:short", None),
    ("zh_wire", "us_export_controls", "美商务部要求英伟达H20对华出口须获许可证", "NVDA:short", None),
    ("zh_wire", "us_export_controls", "突发｜美国收紧AMD MI308对华出口，需申请许可", "AMD:short", None),
    ("zh_wire", "domestic_substitution", "快讯｜寒武纪获国家大基金三期注资", "688256.SS:long", None),
    ("zh_wire", "easing", "消息称国内监管部门批准部分企业采购英伟达H200", "NVDA:long", None),
    ("zh_wire", "domestic_substitution", "快讯｜中芯国际获地方政府专项补贴支持扩产", "SMIC:long", None),
    ("zh_wire", "domestic_substitution", "独家｜多地国资云被要求优先采购海光处理器", "688041.SS:long", None),
    ("zh_wire", "security_review", "网信办：美光产品未通过网络安全审查，关基运营者应停止采购", "MU:short", None),
    ("zh_wire", "procurement_guidance", "路透：中国要求科技公司停止订购英伟达RTX Pro 6000D", "NVDA:short", "路透中文"),

    # ---------------------------------------------------------------- zh_long (long Chinese)
    ("zh_long", "security_review", "国家互联网信息办公室就英伟达H20算力芯片存在严重安全隐患一事约谈英伟达公司，要求其说明并提交相关证明材料", "NVDA:short", "新华社"),
    ("zh_long", "antitrust", "市场监管总局发布公告称，经初步调查，英伟达公司违反《中华人民共和国反垄断法》及附加限制性条件承诺，依法决定实施进一步调查", "NVDA:short", None),
    ("zh_long", "industry_body", "中国网络空间安全协会发文建议对英特尔在华销售产品启动网络安全审查，称其产品安全漏洞频发", "INTC:short", None),
    ("zh_long", "domestic_substitution", "为落实自主可控要求，多部门联合发文要求新建国有数据中心全部采用国产AI芯片，寒武纪、海光等有望受益", "688256.SS:long 688041.SS:long", None),
    ("zh_long", "procurement_guidance", "据知情人士透露，中国有关部门近期已向字节跳动、阿里巴巴等公司发出指导意见，要求暂停购买英伟达芯片", "NVDA:short", None),
    ("zh_long", "easing", "在中美经贸磋商取得积极进展后，中方决定终止对高通公司的反垄断调查", "QCOM:long", None),
    ("zh_long", "domestic_substitution", "国家发展改革委表示，将对使用国产算力芯片的智算中心给予电价补贴，中芯国际等代工企业产能利用率有望提升", "SMIC:long", None),
    ("zh_long", "us_export_controls", "美国商务部工业与安全局发布新规，进一步限制英伟达、AMD等公司高端AI芯片对华出口", "NVDA:short AMD:short", None),
    ("zh_long", "state_media_campaign", "人民日报发表评论文章，称英伟达H20芯片“不安全、不先进、不环保”，呼吁国内企业谨慎采购", "NVDA:short", None),
    ("zh_long", "probe_other_firms", "工信部等部门印发通知，要求电信运营商在2027年前逐步替换英特尔等外国处理器", "INTC:short", None),
    ("zh_long", "customs_checks", "海关总署部署专项行动，在全国主要口岸对英伟达AI芯片进口开展严格查验，重点打击走私", "NVDA:short", None),

    # ---------------------------------------------------------------- zh_media (outlet-prefixed Chinese)
    ("zh_media", "domestic_substitution", "新华社：中国将进一步加大对国产芯片企业的支持力度，寒武纪等龙头企业获政策倾斜", "688256.SS:long", "新华社"),
    ("zh_media", "state_media_campaign", "央视财经：美光科技在华产品存在较严重网络安全问题隐患", "MU:short", "央视新闻"),
    ("zh_media", "state_media_campaign", "环球时报社评：英伟达须就芯片安全问题给中国用户一个交代", "NVDA:short", "环球时报"),
    ("zh_media", "procurement_guidance", "第一财经：监管层窗口指导，互联网大厂暂停新增英伟达订单", "NVDA:short", "第一财经"),
    ("zh_media", "antitrust", "财新：市场监管总局约谈高通，就收购Autotalks未依法申报展开调查", "QCOM:short", "财新"),
    ("zh_media", "domestic_substitution", "21世纪经济报道：多地政府发放算力券，限定用于海光、寒武纪等国产芯片", "688256.SS:long 688041.SS:long", "21世纪经济报道"),
    ("zh_media", "industry_body", "中国半导体行业协会呼吁会员企业审慎采购美国芯片，称其已不再安全可靠", "NVDA:short AMD:short", None),
    ("zh_media", "easing", "证券时报：监管部门放行英伟达H20对华销售相关采购", "NVDA:long", "证券时报"),
    ("zh_media", "probe_other_firms", "商务部：将美光科技列入不可靠实体清单", "MU:short", None),
    ("zh_media", "datacentre_ban", "财联社：有关部门要求数据中心停止使用AMD芯片", "AMD:short", "财联社"),
    ("zh_media", "datacentre_ban", "路透中文：知情人士称中国将禁止外资芯片进入国家资助的数据中心项目", "NVDA:short AMD:short", "路透中文"),

    # ---------------------------------------------------------------- zh_passive (passive and questions)
    ("zh_passive", "procurement_guidance", "中国会全面禁用英伟达芯片吗？监管约谈后多家大厂暂停下单", "NVDA:short", None),
    ("zh_passive", "antitrust", "英伟达在华还能卖吗？市场监管总局反垄断调查再升级", "NVDA:short", None),
    ("zh_passive", "industry_body", "英特尔遭行业协会点名：建议对其在华产品启动安全审查", "INTC:short", None),
    ("zh_passive", "procurement_guidance", "英伟达H20芯片被移出政府采购目录", "NVDA:short", None),
    ("zh_passive", "datacentre_ban", "AMD芯片被排除在国有数据中心新项目之外", "AMD:short", None),
    ("zh_passive", "probe_other_firms", "美光被禁止参与关键信息基础设施项目采购", "MU:short", None),
    ("zh_passive", "probe_other_firms", "高通被处以罚款 因未依法申报经营者集中", "QCOM:short", None),
    ("zh_passive", "customs_checks", "英伟达芯片在多个口岸遭海关扣留", "NVDA:short", None),

    # ---------------------------------------------------------------- easing / beneficiary / us_controls in Chinese
    ("easing", "easing", "中方同意恢复采购美光芯片 作为贸易休战安排的一部分", "MU:long", None),
    ("easing", "easing", "监管部门放行，国内企业可恢复采购英伟达H20", "NVDA:long", None),
    ("easing", "easing", "中国撤销对英伟达的反垄断调查", "NVDA:long", None),
    ("easing", "easing", "美方批准AMD恢复向中国客户出口MI308芯片", "AMD:long", None),
    ("beneficiary", "domestic_substitution", "国务院常务会议部署加快国产AI芯片推广应用 寒武纪有望直接受益", "688256.SS:long", None),
    ("beneficiary", "domestic_substitution", "工信部将海光CPU纳入信创采购推荐目录", "688041.SS:long", None),
    ("beneficiary", "domestic_substitution", "大基金三期首笔投资落地中芯国际", "SMIC:long", None),
    ("beneficiary", "domestic_substitution", "国资委要求央企新建算力项目优先采用寒武纪等国产加速卡", "688256.SS:long", None),
    ("us_controls", "us_export_controls", "美国宣布新一轮芯片出口管制 英伟达H20被纳入许可证管理", "NVDA:short", None),
    ("us_controls", "us_export_controls", "特朗普政府要求AMD对华出口MI308须获许可", "AMD:short", None),
    ("us_controls", "us_export_controls", "美国撤销英特尔对华为供货许可证", "INTC:short", None),
    ("us_controls", "us_export_controls", "美商务部限制高通向华为出售芯片", "QCOM:short", None),

    # ---------------------------------------------------------------- near_miss (expect [])
    # denials of earlier reports
    ("near_miss", "denial", "China's foreign ministry denies reports it told firms to avoid Nvidia chips", "", None),
    ("near_miss", "denial", "MIIT says reports of a ban on AMD processors in government PCs are 'untrue'", "", None),
    ("near_miss", "denial", "Nvidia says it has received no notice from Chinese regulators on H20 sales", "", None),
    ("near_miss", "denial", "Beijing has not asked companies to stop buying Micron memory, commerce ministry says", "", None),
    ("near_miss", "denial", "*CHINA COMMERCE MINISTRY: NO PLANS TO PROBE QUALCOMM", "", "Bloomberg"),
    ("near_miss", "denial", "辟谣！网传监管要求停用AMD芯片系谣言", "", None),
    ("near_miss", "denial", "工信部回应：关于禁止政府电脑使用英特尔芯片的报道不实", "", None),
    ("near_miss", "denial", "商务部：目前没有对高通启动调查的计划", "", None),
    ("near_miss", "denial", "外交部：中方从未要求企业停止采购英伟达芯片", "", None),
    # unrelated actors, unrelated topics
    ("near_miss", "unrelated_actor", "EU proposes new rules on labelling AI-generated content", "", None),
    ("near_miss", "unrelated_actor", "Japan's METI approves fresh subsidies for Rapidus 2nm pilot line", "", None),
    ("near_miss", "unrelated_actor", "European Commission opens probe into Chinese EV subsidies", "", None),
    ("near_miss", "unrelated_actor", "Japan and South Korea agree to expand currency swap line", "", None),
    ("near_miss", "unrelated_actor", "日本经济产业省宣布向Rapidus追加补贴", "", None),
    ("near_miss", "unrelated_actor", "欧盟委员会就电动汽车关税与中方继续磋商", "", None),
    # analyst opinion, no policy
    ("near_miss", "analyst_opinion", "Analyst: Nvidia's China revenue could fall to zero if tensions escalate", "", None),
    ("near_miss", "analyst_opinion", "Morgan Stanley raises AMD price target on data-centre demand", "", None),
    ("near_miss", "analyst_opinion", "Bernstein says Cambricon valuation stretched after 300% rally", "", None),
    ("near_miss", "analyst_opinion", "Column: Why Nvidia should stop counting on China", "", None),
    ("near_miss", "analyst_opinion", "分析师：英伟达在华市场份额或继续下滑", "", None),
    # product launches
    ("near_miss", "coincident_company_news", "Nvidia unveils Blackwell Ultra at GTC, promises faster inference", "", None),
    ("near_miss", "coincident_company_news", "AMD launches MI350 series to take on Nvidia", "", None),
    ("near_miss", "coincident_company_news", "Qualcomm unveils Snapdragon X2 laptop chips", "", None),
    ("near_miss", "coincident_company_news", "Cambricon releases new training card for large models", "", None),
    ("near_miss", "coincident_company_news", "英伟达发布新一代Rubin架构GPU", "", None),
    ("near_miss", "coincident_company_news", "高通推出骁龙8至尊版移动平台", "", None),
    # earnings and executives
    ("near_miss", "coincident_company_news", "Micron beats quarterly estimates on AI memory demand", "", None),
    ("near_miss", "coincident_company_news", "Intel posts surprise profit, shares jump after hours", "", None),
    ("near_miss", "coincident_company_news", "SMIC third-quarter revenue rises 10%, guides flat", "", None),
    ("near_miss", "coincident_company_news", "AMD第三季度营收超预期 数据中心业务大增", "", None),
    ("near_miss", "coincident_company_news", "寒武纪发布半年报 营收同比大幅增长", "", None),
    ("near_miss", "coincident_company_news", "美光科技宣布任命新任首席财务官", "", None),
    ("near_miss", "coincident_company_news", "中芯国际：四季度收入指引环比持平至增长2%", "", None),
    # Chinese policy on other sectors (incl. other US firms)
    ("near_miss", "non_chip_policy", "China's MIIT summons EV makers over price war", "", None),
    ("near_miss", "non_chip_policy", "Beijing tells banks to cut rates on existing mortgages", "", None),
    ("near_miss", "non_chip_policy", "China suspends imports of Japanese seafood again", "", None),
    ("near_miss", "non_chip_policy", "China's market regulator opens antitrust probe into Google", "", None),
    ("near_miss", "non_chip_policy", "China adds PVH, Illumina to unreliable entity list", "", None),
    ("near_miss", "non_chip_policy", "China's cyberspace regulator summons Weibo over trending-topics list", "", None),
    ("near_miss", "non_chip_policy", "市场监管总局约谈美团、饿了么等平台 要求停止外卖价格战", "", None),
    ("near_miss", "non_chip_policy", "工信部召开座谈会 要求汽车企业抵制“内卷式”竞争", "", None),
    ("near_miss", "non_chip_policy", "网信办约谈微博 责令整改热搜榜单", "", None),
    ("near_miss", "non_chip_policy", "国家发改委：将加大对消费品以旧换新支持力度", "", None),
    ("near_miss", "non_chip_policy", "市场监管总局对谷歌公司立案调查", "", None),
    ("near_miss", "non_chip_policy", "商务部将PVH集团列入不可靠实体清单", "", None),
    # market-wide moves with a non-policy headline
    ("near_miss", "market_wide", "Stocks slide worldwide as Treasury yields hit 5%", "@all:down", None),
    ("near_miss", "market_wide", "Wall Street tumbles on hot inflation print; chip stocks lead losses", "@all:down", None),
    ("near_miss", "market_wide", "Global markets rally after Fed signals rate cut", "@all:up", None),
    ("near_miss", "market_wide", "全球股市大跌 美债收益率飙升", "@all:down", None),
    ("near_miss", "market_wide", "美联储降息预期升温 全球科技股普涨", "@all:up", None),
]


def is_zh(text):
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 4


def parse_expect(spec):
    if not spec or spec.startswith("@"):
        return []
    out = []
    for item in spec.split():
        sym, way = item.split(":")
        assert way in ("long", "short"), item
        for s in ALIAS.get(sym, [sym]):
            assert s in BASE and s not in BENCHMARKS, item
            out.append((s, way))
    return out


def moves_for(spec, expect, rng):
    if spec.startswith("@all:"):
        size = rng.uniform(0.035, 0.05) * (1 if spec.endswith("up") else -1)
        return {sym: size for sym in BASE}
    moves = {}
    for sym in BASE:
        want = [d for s, d in expect if s == sym]
        if want:
            size = rng.uniform(0.037, 0.05)  # >= 3.5% after the +-0.05% tick noise
            moves[sym] = -size if want[0] == "short" else size
        elif sym in BENCHMARKS:
            moves[sym] = rng.uniform(-0.002, 0.002)
        else:
            moves[sym] = rng.uniform(-0.004, 0.004)
    return moves


US = ["NVDA", "AMD", "MU", "INTC", "QCOM"]


def adversarial_moves(spec, expect, rng):
    """Supplementary prices: quiet non-market-wide cases move as if the story were a policy
    hit (US names fall, Chinese names rise ~4%, benchmarks flat), so only the text can keep a
    rule quiet (the corpus's approach)."""
    if spec.startswith("@") or expect:
        return moves_for(spec, expect, rng)
    moves = {}
    for sym in BASE:
        if sym in BENCHMARKS:
            moves[sym] = rng.uniform(-0.002, 0.002)
        elif sym in US:
            moves[sym] = -rng.uniform(0.037, 0.043)
        else:
            moves[sym] = rng.uniform(0.037, 0.043)
    return moves


def price_lines(day, moves, rng):
    lines = []
    for minute in range(-30, 121, 10):  # 13:30 .. 16:00
        t = day + timedelta(minutes=minute)
        frac = min(max(minute, 0) / 30.0, 1.0)  # builds from 14:00 to 14:30, then holds
        for sym, base in BASE.items():
            price = base * (1 + moves[sym] * frac) * (1 + rng.uniform(-0.0005, 0.0005))
            lines.append({"sym": sym, "ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          "price": round(price, 4), "kind": "trade"})
    return lines


def trading_days(n):
    day, out = START, []
    while len(out) < n:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def main():
    rng = random.Random(SEED)
    cases = list(CASES)
    texts = [c[2] for c in cases]
    assert len(texts) == len(set(texts)), "duplicate headline"
    rng.shuffle(cases)
    days = trading_days(len(cases))
    prices_path = os.path.join(HERE, "prices.jsonl")
    rows = []
    with open(os.path.join(HERE, "headlines.jsonl"), "w", encoding="utf-8") as h, \
            open(prices_path, "w") as p, \
            open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8") as lab:
        for i, (tf, family, text, spec, source) in enumerate(cases):
            day = days[i]
            hid = f"f-{i + 1:04d}"
            lang = "zh" if is_zh(text) else "en"
            if source is None:
                source = rng.choice(ZH_SOURCES if lang == "zh" else EN_SOURCES)
            expect = parse_expect(spec)
            h.write(json.dumps({"id": hid, "ts": day.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "source": source, "headline": text, "lang": lang},
                               ensure_ascii=False) + "\n")
            for line in price_lines(day, moves_for(spec, expect, rng), rng):
                p.write(json.dumps(line, separators=(",", ":")) + "\n")
            lab.write(json.dumps({"headline_id": hid, "family": family, "template_family": tf,
                                  "split": "fresh",
                                  "expect": [{"instrument": s, "direction": d}
                                             for s, d in expect]}) + "\n")
            rows.append((tf, family, lang, len(expect)))
    subprocess.run(["zstd", "-q", "-19", "-f", prices_path, "-o", prices_path + ".zst"],
                   check=True)
    os.remove(prices_path)

    # Supplementary, own RNG (the main files do not depend on it).
    arng = random.Random(SEED + 1)
    adv_path = os.path.join(HERE, "prices-adversarial.jsonl")
    with open(adv_path, "w") as p:
        for i, (tf, family, text, spec, source) in enumerate(cases):
            for line in price_lines(days[i], adversarial_moves(spec, parse_expect(spec), arng),
                                    arng):
                p.write(json.dumps(line, separators=(",", ":")) + "\n")
    subprocess.run(["zstd", "-q", "-19", "-f", adv_path, "-o", adv_path + ".zst"], check=True)
    os.remove(adv_path)

    n = len(rows)
    nsig = sum(r[3] for r in rows)
    print(f"{n} headlines, {nsig} expected signals, "
          f"{sum(1 for r in rows if r[3])} headlines with expectations")
    for idx, name in ((2, "language"), (0, "template family"), (1, "event family")):
        c = collections.Counter(r[idx] for r in rows)
        s = collections.Counter()
        for r in rows:
            s[r[idx]] += r[3]
        print(f"by {name} (headlines / expected signals):")
        for k in sorted(c):
            print(f"  {k:24} {c[k]:4} {s[k]:4}")
    assert n >= 150 and nsig >= 100
    assert len({r[0] for r in rows}) >= 8


if __name__ == "__main__":
    main()
