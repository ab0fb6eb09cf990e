#!/usr/bin/env python3
"""Regenerates the china-ai-chips evaluation corpus (deterministic, fixed seed; python3 stdlib
plus the `zstd` command-line tool; the output is committed):

    python3 rules/packs/china-ai-chips/eval/corpus/make_corpus.py

Writes, next to this script:
  headlines.jsonl    one headline per case: {"id": "c-0001", "ts", "source", "headline", "lang"}
  prices.jsonl.zst   minute trades 13:40..15:00 UTC (every 10 min) for 8 instruments and their
                     3 benchmarks, same line format as ../make_eval.py (compressed with zstd -19)
  labels.jsonl       {"headline_id", "family", "template_family", "split", "expect": [...]}
  README.md          families, template families, the split rule and the counts
and prints the counts table.

The corpus was written without looking at the pack's rules, lists, entities or lexicons, so it
measures how the pack generalises. Every case is its own day (one day apart, 14:00 UTC).
Each headline template belongs to exactly one *template family* (a phrasing style); the split is
by template family, never by sentence: heldout = passive_agentless, actor_by_role, class_alias,
quote and zh_wire; dev = plain_active, light_verb_noun, wire_caps, exclusive_sources,
multi_firm and zh_formal.

Prices: an expected (instrument, direction) moves 3.5..5% that way by 14:30 while its benchmark
stays within +-0.3%. In the quiet families (near_miss, denial, coincident_company_news) the
market still moves: near_miss and denial see the US names fall ~4% and the Chinese names rise
~4% (only the headline can keep a rule quiet); coincident_company_news moves only the named
company 3.5..5%; market_wide moves every instrument and every benchmark the same way by the same
amount.
"""
import collections
import json
import os
import random
import string
import subprocess
import sys
from datetime import datetime, timedelta, timezone

# The price lines are the dev and held-out sets' (../make_eval.py), over more instruments.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from make_eval import minute_trades  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20260417
START = datetime(2030, 1, 7, 14, 0, tzinfo=timezone.utc)
FILLS = 3  # fills tried per template with slots (duplicates are dropped)

BASE = {"NVDA": 180.0, "AMD": 160.0, "MU": 95.0, "INTC": 22.0, "QCOM": 150.0,
        "688256.SS": 620.0, "688041.SS": 140.0, "0981.HK": 45.0,
        "SOXX": 235.0, "000688.SS": 1050.0, "HSTECH.HK": 5400.0}
US = ["NVDA", "AMD", "MU", "INTC", "QCOM"]
CN = ["688256.SS", "688041.SS", "0981.HK"]
BENCHMARK = {"NVDA": "SOXX", "AMD": "SOXX", "MU": "SOXX", "INTC": "SOXX", "QCOM": "SOXX",
             "688256.SS": "000688.SS", "688041.SS": "000688.SS", "0981.HK": "HSTECH.HK"}
BENCHMARKS = ["SOXX", "000688.SS", "HSTECH.HK"]

HELDOUT_TF = {"passive_agentless", "actor_by_role", "class_alias", "quote", "zh_wire"}
DEV_TF = {"plain_active", "light_verb_noun", "wire_caps", "exclusive_sources", "multi_firm",
          "zh_formal"}
QUIET = {"near_miss", "denial", "market_wide", "coincident_company_news"}

N, A, M, I, Q = "NVDA", "AMD", "MU", "INTC", "QCOM"
CAM, HYG, SMIC = "688256.SS", "688041.SS", "0981.HK"
NA = [N, A]


def plain(*texts):
    return [(t, []) for t in texts]


# Slot fillers: slot -> [(text, instruments named)].
POOLS = {
    # Actors named by name (dev and most held-out styles); all singular.
    "gen": plain("Beijing", "China", "China's government", "the State Council", "China's cabinet"),
    "cyber": plain("the CAC", "China's CAC", "the Cyberspace Administration of China",
                   "China's Cyberspace Administration"),
    "market": plain("SAMR", "China's SAMR", "the State Administration for Market Regulation",
                     "China's State Administration for Market Regulation"),
    "customs": plain("China Customs", "the General Administration of Customs", "China's GACC",
                     "Chinese customs"),
    "commerce": plain("MOFCOM", "China's MOFCOM", "China's Ministry of Commerce"),
    "miit": plain("MIIT", "China's MIIT", "China's Ministry of Industry and Information Technology"),
    "ndrc": plain("the NDRC", "China's NDRC", "the National Development and Reform Commission"),
    "usgov": plain("the US", "Washington", "the Commerce Department", "BIS",
                   "the Trump administration", "the Bureau of Industry and Security"),
    "media": plain("People's Daily", "Xinhua", "CCTV", "Global Times", "China Daily",
                   "Yuyuan Tantian"),
    "assoc": plain("the Internet Society of China", "the China Semiconductor Industry Association",
                   "the Cybersecurity Association of China",
                   "the China Communications Industry Association"),
    # Actors named by role (actor_by_role only; templates use the past tense: number varies).
    "r_gen": plain("regulators in Beijing", "authorities in Beijing", "the country's top regulators",
                   "policymakers in Beijing", "the Chinese government's tech overseers"),
    "r_cyber": plain("the country's internet watchdog", "China's internet regulator",
                     "the nation's cyberspace watchdog", "Beijing's online security regulator"),
    "r_market": plain("China's market watchdog", "the country's antitrust regulator",
                      "Beijing's competition watchdog", "the nation's top market regulator"),
    "r_customs": plain("China's customs agency", "the country's customs authority",
                       "border inspectors in southern China", "customs officers at Chinese ports"),
    "r_commerce": plain("the commerce ministry", "China's trade ministry", "Beijing's trade officials",
                        "the ministry in charge of trade"),
    "r_miit": plain("the industry ministry", "China's technology ministry",
                    "the ministry overseeing the tech sector", "the country's industry regulator"),
    "r_ndrc": plain("China's top economic planner", "the state planner",
                    "the country's top planning agency", "Beijing's economic planning body"),
    "r_usgov": plain("America's export regulator", "the White House", "US officials",
                     "the US export-control agency", "Washington's trade officials"),
    "r_media": plain("state media", "the Communist Party's mouthpiece", "China's official news agency",
                     "the state broadcaster", "a state-media-affiliated account", "the party newspaper"),
    "r_assoc": plain("an industry group", "a state-backed industry association",
                     "China's chip industry lobby", "the country's internet industry body",
                     "a powerful industry body"),
    "r_buyer": plain("the country's biggest internet groups", "China's largest cloud providers",
                     "Chinese hyperscalers", "the nation's AI start-ups"),
    # US AI-chip firms: company names, product phrases (followed by a noun), standalone products.
    "co": [("Nvidia", [N]), ("Nvidia", [N]), ("Nvidia Corp", [N]), ("AMD", [A]),
           ("Advanced Micro Devices", [A])],
    "chip": [("Nvidia", [N]), ("Nvidia H20", [N]), ("Nvidia's H20", [N]), ("Nvidia H200", [N]),
             ("Nvidia's B30A", [N]), ("Nvidia RTX Pro 6000D", [N]), ("Nvidia Blackwell", [N]),
             ("AMD", [A]), ("AMD MI308", [A]), ("AMD's MI308", [A]), ("AMD Instinct", [A])],
    "chipn": [("Nvidia's H20", [N]), ("Nvidia's RTX Pro 6000D", [N]), ("AMD's MI308", [A]),
              ("Nvidia's B30A", [N]), ("Nvidia's H200", [N]), ("Nvidia", [N]), ("AMD", [A]),
              ("the H20 from Nvidia", [N]), ("AMD's Instinct MI308", [A])],
    "other": [("Micron", [M]), ("Micron Technology", [M]), ("Intel", [I]), ("Intel Corp", [I]),
              ("Qualcomm", [Q]), ("Qualcomm Inc", [Q])],
    "cnco": [("Cambricon", [CAM]), ("Cambricon Technologies", [CAM]), ("Hygon", [HYG]),
             ("Hygon Information Technology", [HYG]), ("SMIC", [SMIC]),
             ("Semiconductor Manufacturing International", [SMIC])],
    # Several firms in one phrase (multi_firm).
    "cos": [("Nvidia and AMD", NA), ("Nvidia, AMD", NA), ("AMD and Nvidia", NA),
            ("Nvidia and Advanced Micro Devices", NA), ("Nvidia, AMD and Intel", [N, A, I]),
            ("Nvidia, Intel and AMD", [N, A, I])],
    "chips": [("Nvidia and AMD", NA), ("Nvidia H20 and AMD MI308", NA),
              ("Nvidia's H20 and AMD's MI308", NA), ("Nvidia, AMD", NA),
              ("Nvidia, AMD and Intel", [N, A, I]), ("AMD and Nvidia", NA),
              ("Nvidia RTX Pro 6000D and AMD MI308", NA)],
    "others": [("Micron and Intel", [M, I]), ("Intel, Qualcomm", [I, Q]),
               ("Micron, Intel and Qualcomm", [M, I, Q]), ("Qualcomm and Micron", [Q, M]),
               ("Intel and Micron", [I, M])],
    "anycos": [("Nvidia and Micron", [N, M]), ("Nvidia, Intel", [N, I]), ("AMD and Qualcomm", [A, Q]),
               ("Nvidia, AMD and Micron", [N, A, M]), ("Intel and Nvidia", [I, N]),
               ("Qualcomm, Nvidia", [Q, N])],
    # The class of US AI chips (expects NVDA and AMD): plain phrases (dev), aliases (class_alias).
    "cls": [(t, NA) for t in ("foreign AI chips", "US chips", "American AI chips",
                              "foreign AI accelerators", "US-made AI chips")],
    "alias": [(t, NA) for t in ("American suppliers' accelerators", "US-designed accelerators",
                                "imported GPUs", "foreign semiconductor vendors' chips",
                                "US-origin AI processors", "American-made graphics processors",
                                "overseas AI silicon", "chips from US vendors")],
    "alias_co": [(t, NA) for t in ("American suppliers", "US GPU makers",
                                   "foreign semiconductor vendors", "American chip designers",
                                   "US accelerator vendors")],
    "mineral": plain("gallium", "germanium", "gallium and germanium", "antimony", "rare earths",
                     "graphite"),
    # Chinese.
    "zgen": plain("监管部门", "有关部门", "相关部门", "中国监管机构", "国务院有关部门"),
    "zcyber": plain("国家网信办", "网信办", "国家互联网信息办公室"),
    "zmarket": plain("市场监管总局", "国家市场监督管理总局"),
    "zcommerce": plain("商务部"),
    "zcustoms": plain("海关总署", "海关", "多地海关"),
    "zmiit": plain("工信部", "工业和信息化部"),
    "zndrc": plain("国家发改委", "发改委", "国家发展改革委"),
    "zus": plain("美国", "美国商务部", "美商务部", "美国工业和安全局", "美方"),
    "zco": [("英伟达", [N]), ("英伟达公司", [N]), ("超威半导体", [A]), ("AMD", [A]), ("超威", [A])],
    "zchip": [("英伟达H20芯片", [N]), ("英伟达H20", [N]), ("英伟达RTX Pro 6000D", [N]),
              ("英伟达B30A芯片", [N]), ("AMD MI308芯片", [A]), ("英伟达H200", [N]),
              ("超威MI308", [A]), ("英伟达Blackwell芯片", [N]), ("英伟达芯片", [N]), ("AMD芯片", [A])],
    "zother": [("美光", [M]), ("美光科技", [M]), ("英特尔", [I]), ("高通", [Q])],
    "zcls": [(t, NA) for t in ("美国芯片", "外国AI芯片", "境外算力芯片", "美国AI加速卡", "进口GPU")],
    "zmineral": plain("镓、锗", "锑", "稀土", "镓", "锗", "石墨", "超硬材料"),
    "zfirms": [("英伟达、AMD", NA), ("英伟达和超威", NA), ("英伟达、英特尔", [N, I]),
               ("英伟达、超威、英特尔", [N, A, I])],
    "zassoc": plain("中国互联网协会", "中国半导体行业协会", "中国网络安全产业联盟", "中国通信企业协会"),
    "zcnco": [("寒武纪", [CAM]), ("海光信息", [HYG]), ("中芯国际", [SMIC])],
}
POOLS["anyco"] = POOLS["co"] + POOLS["other"]
POOLS["zanyco"] = POOLS["zco"] + POOLS["zother"]

# Templates: family -> template family -> [(template, spec)]. spec: "+"-joined "WHO[:DIR]" where
# WHO is a slot (its instruments) or an instrument, DIR short (default) or long; "" = expect
# nothing; "@WHO:DIR" (coincident_company_news, market_wide) = expect nothing, but WHO ("all" =
# every instrument and benchmark) moves DIR (up, down or any).
T = {
    "procurement_guidance": {
        "plain_active": [
            ("{gen} urges tech firms to avoid {chip} chips", "chip"),
            ("{cyber} tells big tech companies to stop buying {chip} processors", "chip"),
            ("{miit} asks cloud providers to halt new orders for {chip} accelerators", "chip"),
            ("{gen} discourages state-owned enterprises from purchasing {chip} chips", "chip"),
            ("{gen} steers state firms away from {cls}", "cls"),
            ("{ndrc} urges internet platforms to shun {chip} GPUs", "chip"),
            ("{gen} instructs ByteDance, Alibaba and Tencent to pause {chip} purchases", "chip"),
        ],
        "passive_agentless": [
            ("State firms told to stop buying {chip} chips", "chip"),
            ("{chip} orders halted at Chinese cloud firms after official guidance", "chip"),
            ("Chinese tech groups asked to suspend purchases of {chip} processors", "chip"),
            ("Big Chinese internet companies instructed to cancel {chip} orders", "chip"),
            ("Purchases of {chip} chips discouraged in new guidance to Chinese firms", "chip"),
            ("Chinese buyers advised to avoid {chip} accelerators for government-related work", "chip"),
        ],
        "light_verb_noun": [
            ("{cyber} orders a halt to purchases of {chip} chips", "chip"),
            ("{gen} issues a directive against buying {chip} processors", "chip"),
            ("{miit} puts a freeze on new {chip} orders by state companies", "chip"),
            ("{gen} issues guidance discouraging use of {chip} chips", "chip"),
            ("{gen} imposes a purchasing pause on {cls}", "cls"),
        ],
        "wire_caps": [
            ("China tells tech firms to avoid {chip} chips - report", "chip"),
            ("*China said to urge companies to halt {chip} purchases", "chip"),
            ("*China said to discourage purchases of {cls}", "cls"),
            ("China regulators tell firms to cancel {chip} orders - FT", "chip"),
        ],
        "exclusive_sources": [
            ("Exclusive: {gen} urging local firms to pause purchases of {chip} chips", "chip"),
            ("{gen} has told tech giants to avoid {chip} processors, sources say", "chip"),
            ("{cyber} summoned tech firms and told them to avoid {chip} chips, people familiar with "
             "the matter say", "chip"),
            ("Exclusive: {gen} tells state-linked buyers to avoid {cls} - sources", "cls"),
        ],
        "quote": [
            ("'Do not buy {chipn}': Chinese regulator warns firms", "chipn"),
            ("“Stop ordering {chip} chips,” {gen} tells tech giants", "chip"),
            ("‘There is no need to buy {chipn}’, {cyber} tells domestic firms", "chipn"),
            ("'Avoid {chip} processors where possible,' {miit} tells cloud companies", "chip"),
            ("{gen} to firms: 'Halt purchases of {chip} accelerators'", "chip"),
        ],
        "multi_firm": [
            ("{gen} urges firms to avoid {chips} chips", "chips"),
            ("{cyber} tells companies to stop buying {chips} processors", "chips"),
            ("{gen} asks cloud firms to halt orders of {chips} accelerators", "chips"),
        ],
        "actor_by_role": [
            ("{r_cyber} urged big tech firms to avoid {chip} chips", "chip"),
            ("{r_gen} told firms to stop buying {chip} processors", "chip"),
            ("{r_ndrc} discouraged data-centre operators from ordering {chip} chips", "chip"),
            ("{r_miit} asked tech groups to pause {chip} purchases", "chip"),
            ("{r_commerce} urged companies to hold off on buying {chip} accelerators", "chip"),
        ],
        "class_alias": [
            ("{gen} urges firms to avoid {alias}", "alias"),
            ("{cyber} tells tech companies to stop purchasing {alias}", "alias"),
            ("{gen} discourages state buyers from ordering {alias}", "alias"),
            ("{ndrc} guidance steers companies away from {alias}", "alias"),
        ],
        "zh_formal": [
            ("{zcyber}要求国内科技企业暂停采购{zchip}", "zchip"),
            ("{zgen}约谈互联网企业 要求停止采购{zchip}", "zchip"),
            ("{zmiit}指导相关企业避免采购{zchip}", "zchip"),
            ("{zgen}要求国有企业减少采购{zcls}", "zcls"),
            ("{zndrc}：引导企业审慎采购{zchip}", "zchip"),
            ("{zgen}要求企业暂停采购{zfirms}芯片", "zfirms"),
        ],
        "zh_wire": [
            ("消息人士：{zgen}已要求字节、阿里等暂停{zchip}订单", "zchip"),
            ("快讯｜{zcyber}要求企业停止购买{zchip}", "zchip"),
            ("知情人士称，监管层劝阻国内大厂采购{zchip}", "zchip"),
            ("大厂被要求暂缓采购{zcls}", "zcls"),
            ("{zfirms}芯片订单遭叫停 监管要求企业暂停采购", "zfirms"),
        ],
    },
    "datacentre_ban": {
        "plain_active": [
            ("{gen} bans {cls} from state-funded data centres", "cls"),
            ("{gen} bars {chip} chips from new state data centre projects", "chip"),
            ("{ndrc} excludes {chip} processors from government data centers", "chip"),
            ("{miit} prohibits {cls} in state-owned computing hubs", "cls"),
            ("{gen} orders state data centres to remove {chip} chips", "chip"),
        ],
        "passive_agentless": [
            ("{chip} chips barred from China's state-funded data centres", "chip"),
            ("{cls} to be removed from state-funded data centres", "cls"),
            ("State-backed data centres told to phase out {chip} processors", "chip"),
            ("New government computing projects must exclude {chip} chips", "chip"),
            ("{chip} accelerators banned from Chinese state data-centre tenders", "chip"),
        ],
        "light_verb_noun": [
            ("{gen} imposes a ban on {chip} chips in state data centres", "chip"),
            ("{ndrc} issues an order barring {cls} from state data-centre projects", "cls"),
            ("{gen} puts a prohibition on {chip} hardware in government computing centres", "chip"),
            ("{miit} issues a directive to strip {chip} chips out of state data centres", "chip"),
        ],
        "wire_caps": [
            ("China bans {cls} from state-funded data centres - sources", "cls"),
            ("*China said to bar {chip} chips from state data centres", "chip"),
            ("China orders state data centres to rip out {chip} chips - report", "chip"),
        ],
        "exclusive_sources": [
            ("Exclusive: {gen} bars {cls} from state-funded data centres", "cls"),
            ("{gen} ordered state data centres under construction to remove {chip} chips, sources say",
             "chip"),
            ("{ndrc} has told state-funded data centre projects to drop {chip} chips, people familiar "
             "say", "chip"),
        ],
        "quote": [
            ("'No foreign chips in state data centres': {gen} bars {cls}", "cls"),
            ("“Remove {chip} chips,” {ndrc} tells state data centres", "chip"),
            ("{gen} says state computing hubs must be 'free of {chip} chips'", "chip"),
        ],
        "multi_firm": [
            ("{gen} bans {chips} chips from state data centres", "chips"),
            ("{ndrc} orders state data centres to remove {chips} processors", "chips"),
        ],
        "actor_by_role": [
            ("{r_ndrc} barred {chip} chips from state-funded data centres", "chip"),
            ("{r_gen} ordered state data centres to remove {chip} processors", "chip"),
            ("{r_miit} banned {chip} accelerators from government computing projects", "chip"),
        ],
        "class_alias": [
            ("{gen} bans {alias} from state-funded data centres", "alias"),
            ("State data centres must remove {alias}, {ndrc} says", "alias"),
            ("{miit} bars {alias} from government computing hubs", "alias"),
        ],
        "zh_formal": [
            ("{zndrc}：国有资金支持的数据中心项目禁止使用{zcls}", "zcls"),
            ("{zgen}要求国有数据中心移除{zchip}", "zchip"),
            ("{zmiit}明确新建国资数据中心不得采购{zchip}", "zchip"),
        ],
        "zh_wire": [
            ("消息称国资数据中心全面禁用{zchip}", "zchip"),
            ("知情人士：在建国有数据中心须拆除{zcls}", "zcls"),
            ("独家｜{zchip}被排除在国资算力中心之外", "zchip"),
        ],
    },
    "security_review": {
        "plain_active": [
            ("{cyber} summons {co} over chip security risks", "co"),
            ("{cyber} reviews {chip} chips for backdoor risks", "chip"),
            ("{cyber} questions {co} over alleged tracking features in chips", "co"),
            ("{cyber} summoned {co} representatives over backdoor concerns", "co"),
            ("{gen} probes security of {chip} processors", "chip"),
            ("{cyber} investigates {co} over chip vulnerability risks", "co"),
        ],
        "passive_agentless": [
            ("{co} summoned over chip security risks in China", "co"),
            ("{chip} chips to face cybersecurity review in China", "chip"),
            ("{co} called in to explain alleged backdoors in China-bound chips", "co"),
            ("{chip} processors placed under national security review", "chip"),
        ],
        "light_verb_noun": [
            ("{cyber} launches a cybersecurity review of {co} products", "co"),
            ("{cyber} opens a security investigation into {chip} chips", "chip"),
            ("{cyber} conducts a formal interview with {co} over chip backdoor risks", "co"),
            ("{cyber} initiates a national security review of {co} sales in China", "co"),
        ],
        "wire_caps": [
            ("{cyber} summons {co} over chip security risks", "co"),
            ("*China said to open security review of {chip} chips", "chip"),
            ("China summons {co} over chip backdoor concerns - statement", "co"),
        ],
        "exclusive_sources": [
            ("Exclusive: {cyber} prepares security review of {co} chips, sources say", "co"),
            ("{cyber} has questioned {co} staff over tracking risks, people familiar say", "co"),
        ],
        "quote": [
            ("'Serious security risks': {cyber} summons {co}", "co"),
            ("{cyber} summons {co}, cites 'backdoor' concerns over chips", "co"),
            ("“Explain the tracking risks,” {cyber} tells {co}", "co"),
        ],
        "multi_firm": [
            ("{cyber} summons {cos} over chip security risks", "cos"),
            ("{cyber} opens security reviews of {chips} chips", "chips"),
        ],
        "actor_by_role": [
            ("{r_cyber} summoned {co} over chip security risks", "co"),
            ("{r_cyber} launched a security review of {chip} chips", "chip"),
            ("{r_gen} questioned {co} about alleged backdoors", "co"),
        ],
        "class_alias": [
            ("{cyber} to review security of {alias} sold in China", "alias"),
            ("{cyber} launches security checks on {alias}", "alias"),
        ],
        "zh_formal": [
            ("{zcyber}约谈{zco} 要求说明对华销售芯片漏洞后门安全风险", "zco"),
            ("{zcyber}对{zco}在华销售产品启动网络安全审查", "zco"),
            ("{zcyber}依法约谈{zco}相关负责人", "zco"),
        ],
        "zh_wire": [
            ("快讯｜{zcyber}约谈{zco}", "zco"),
            ("{zchip}存“后门”风险 网信办启动安全审查", "zchip"),
            ("网信办出手：{zco}被要求说明芯片安全风险", "zco"),
        ],
    },
    "antitrust": {
        "plain_active": [
            ("{market} finds {co} violated anti-monopoly law", "co"),
            ("{market} probes {co} for suspected antitrust violations", "co"),
            ("{market} investigates {co} over acquisition commitments", "co"),
            ("{market} fines {co} for breaching antimonopoly rules", "co"),
            ("{market} says {co} broke China's antitrust law", "co"),
        ],
        "passive_agentless": [
            ("{co} found to have violated China's anti-monopoly law", "co"),
            ("{co} hit with antitrust probe in China", "co"),
            ("{co} fined for breaking Chinese competition rules", "co"),
            ("Antitrust investigation into {co} widened in China", "co"),
        ],
        "light_verb_noun": [
            ("{market} opens an antitrust probe into {co}", "co"),
            ("{market} slaps a fine on {co} over anti-monopoly breaches", "co"),
            ("{market} launches an anti-monopoly investigation of {co}", "co"),
            ("{market} issues a preliminary finding against {co} in antitrust case", "co"),
            ("{market} imposes a penalty on {co} for monopoly conduct", "co"),
        ],
        "wire_caps": [
            ("China says preliminary probe shows {co} violated anti-monopoly law", "co"),
            ("*{market} said to widen antitrust probe into {co}", "co"),
            ("China opens antitrust investigation into {co} - state media", "co"),
        ],
        "exclusive_sources": [
            ("Exclusive: {market} set to fine {co} in antitrust case, sources say", "co"),
            ("{market} is preparing an anti-monopoly ruling against {co}, people familiar say", "co"),
        ],
        "quote": [
            ("'{co} violated the anti-monopoly law,' {market} says", "co"),
            ("{market} accuses {co} of conduct that 'restricted competition'", "co"),
            ("“Monopoly behaviour”: {market} targets {co}", "co"),
        ],
        "multi_firm": [
            ("{market} opens antitrust probes into {cos}", "cos"),
            ("{market} fines {cos} for anti-monopoly violations", "cos"),
        ],
        "actor_by_role": [
            ("{r_market} found {co} violated anti-monopoly law", "co"),
            ("{r_market} opened an antitrust probe into {co}", "co"),
            ("{r_market} fined {co} over its acquisition commitments", "co"),
        ],
        "class_alias": [
            ("{market} opens antitrust probe into {alias_co}", "alias_co"),
            ("{market} investigates pricing by {alias_co}", "alias_co"),
        ],
        "zh_formal": [
            ("{zmarket}：{zco}违反反垄断法 将依法开展进一步调查", "zco"),
            ("{zmarket}依法对{zco}立案调查", "zco"),
            ("{zmarket}对{zco}涉嫌违反反垄断法作出初步认定", "zco"),
        ],
        "zh_wire": [
            ("{zco}涉嫌违反反垄断法 市场监管总局立案调查", "zco"),
            ("突发｜{zco}被认定违反反垄断法", "zco"),
            ("反垄断调查升级，{zco}或面临巨额罚款", "zco"),
        ],
    },
    "customs_checks": {
        "plain_active": [
            ("China customs steps up checks on {chip} chip imports", "chip"),
            ("{customs} cracks down on {chip} chip shipments", "chip"),
            ("{customs} tightens inspections of {cls} at major ports", "cls"),
            ("{customs} scrutinises {chip} processor imports", "chip"),
            ("{customs} inspects incoming {chip} server shipments", "chip"),
        ],
        "passive_agentless": [
            ("{chip} chip shipments held up at Chinese ports amid stepped-up checks", "chip"),
            ("Imports of {chip} processors subjected to tougher customs inspections", "chip"),
            ("Cargoes of {chip} accelerators checked at Chinese border crossings", "chip"),
        ],
        "light_verb_noun": [
            ("{customs} launches a crackdown on {chip} chip imports", "chip"),
            ("{customs} carries out sweeping inspections of {chip} shipments", "chip"),
            ("{customs} mounts a campaign against {cls} entering China", "cls"),
        ],
        "wire_caps": [
            ("China customs cracks down on {chip} chip imports - FT", "chip"),
            ("*China said to deploy customs teams to check {chip} shipments", "chip"),
        ],
        "exclusive_sources": [
            ("Exclusive: {customs} intensifies checks on {chip} chips at ports, sources say", "chip"),
            ("{customs} has stepped up inspections of {chip} shipments, people familiar say", "chip"),
        ],
        "quote": [
            ("'Strict inspections': {customs} targets {chip} chip imports", "chip"),
            ("“Every shipment will be checked,” China customs says of {chip} chips", "chip"),
        ],
        "multi_firm": [
            ("{customs} steps up checks on {chips} chip imports", "chips"),
            ("China customs cracks down on smuggled {chips} processors", "chips"),
        ],
        "actor_by_role": [
            ("{r_customs} stepped up checks on {chip} chip imports", "chip"),
            ("{r_customs} cracked down on {chip} processor shipments", "chip"),
        ],
        "class_alias": [
            ("Chinese customs crackdown targets {alias}", "alias"),
            ("{customs} tightens checks on {alias} at southern ports", "alias"),
        ],
        "zh_formal": [
            ("{zcustoms}加强对{zchip}进口的查验", "zchip"),
            ("{zcustoms}在多个口岸开展{zcls}专项检查", "zcls"),
        ],
        "zh_wire": [
            ("消息称海关严查{zchip}入境", "zchip"),
            ("多地海关突击检查{zchip}货物", "zchip"),
        ],
    },
    "us_export_controls": {
        "plain_active": [
            ("US tightens export controls on advanced AI chips to China", "NVDA"),
            ("{usgov} restricts exports of {chip} chips to China", "chip"),
            ("{usgov} bans sales of {chip} processors to Chinese customers", "chip"),
            ("{usgov} expands curbs on AI chip sales to China", "NVDA"),
            ("{usgov} adds Chinese chip firms to entity list", "NVDA"),
            ("{usgov} blocks {chip} shipments to China", "chip"),
        ],
        "passive_agentless": [
            ("{chip} exports to China to require US licence", "chip"),
            ("AI chip sales to China curbed under new US rules", "NVDA"),
            ("{chip} shipments to China halted after US licence demand", "chip"),
            ("Advanced chip exports to China to be capped under Washington plan", "NVDA"),
        ],
        "light_verb_noun": [
            ("{usgov} imposes a licence requirement on {chip} exports to China", "chip"),
            ("{usgov} puts new restrictions on AI chip shipments to China", "NVDA"),
            ("{usgov} issues a rule curbing {chip} sales to China", "chip"),
            ("{usgov} slaps export curbs on China-bound {chip} chips", "chip"),
        ],
        "wire_caps": [
            ("US to restrict {chip} chip exports to China - sources", "chip"),
            ("*US said to weigh new curbs on AI chip sales to China", "NVDA"),
            ("US Commerce tightens export rules for AI chips to China", "NVDA"),
        ],
        "exclusive_sources": [
            ("Exclusive: {usgov} to block {chip} sales to China, sources say", "chip"),
            ("{usgov} plans to add more Chinese firms to the entity list, people familiar say", "NVDA"),
        ],
        "quote": [
            ("'No more {chipn} for China': {usgov} tightens chip rules", "chipn"),
            ("{usgov} curbs AI chip exports to China, citing 'national security'", "NVDA"),
            ("“We will not sell {chipn} to China,” US commerce secretary says", "chipn"),
        ],
        "multi_firm": [
            ("{usgov} restricts exports of {chips} chips to China", "chips"),
            ("{usgov} requires licences for {chips} shipments to China", "chips"),
        ],
        "actor_by_role": [
            ("{r_usgov} restricted {chip} chip exports to China", "chip"),
            ("{r_usgov} tightened controls on AI chip sales to China", "NVDA"),
        ],
        "class_alias": [
            ("{usgov} curbs sales of {alias} to China", "NVDA"),
            ("{usgov} restricts {alias_co} from selling to Chinese data centres", "NVDA"),
        ],
        "zh_formal": [
            ("{zus}进一步收紧对华人工智能芯片出口管制", "NVDA"),
            ("{zus}限制{zchip}对华出口", "zchip"),
        ],
        "zh_wire": [
            ("突发｜美方要求{zchip}对华出口须获许可证", "zchip"),
            ("美国拟再收紧AI芯片对华出口", "NVDA"),
        ],
    },
    "easing": {
        "plain_active": [
            ("{usgov} approves {chip} exports to China", "chip:long"),
            ("{usgov} lifts curbs on {chip} sales to China", "chip:long"),
            ("{gen} lifts ban on {other} chips in critical infrastructure", "other:long"),
            ("{market} drops antitrust probe into {anyco}", "anyco:long"),
            ("{gen} allows tech firms to resume buying {chip} chips", "chip:long"),
        ],
        "passive_agentless": [
            ("{co} cleared to resume chip sales to China", "co:long"),
            ("{chip} export licences granted, shipments to China to restart", "chip:long"),
            ("Ban on {other} products in China lifted", "other:long"),
            ("Antitrust probe into {anyco} dropped in China", "anyco:long"),
        ],
        "light_verb_noun": [
            ("{usgov} gives the green light to {chip} sales in China", "chip:long"),
            ("{usgov} issues export licences for {chip} chips bound for China", "chip:long"),
            ("{market} puts an end to its investigation of {anyco}", "anyco:long"),
            ("{gen} grants approval for purchases of {chip} processors", "chip:long"),
        ],
        "wire_caps": [
            ("US to allow {chip} chip sales to China - sources", "chip:long"),
            ("*China said to lift curbs on {anyco} chip purchases", "anyco:long"),
            ("US grants {co} licences to ship chips to China", "co:long"),
        ],
        "exclusive_sources": [
            ("Exclusive: {usgov} to approve {chip} exports to China, sources say", "chip:long"),
            ("{gen} has allowed firms to resume {chip} orders, people familiar say", "chip:long"),
        ],
        "quote": [
            ("'Licences approved': {co} says it can resume China chip sales", "co:long"),
            ("{usgov} says {chip} sales to China 'can go ahead'", "chip:long"),
        ],
        "multi_firm": [
            ("{usgov} grants licences for {chips} sales to China", "chips:long"),
            ("{gen} lifts curbs on {anycos} chips", "anycos:long"),
        ],
        "actor_by_role": [
            ("{r_usgov} approved {chip} exports to China", "chip:long"),
            ("{r_market} dropped its investigation of {anyco}", "anyco:long"),
            ("{r_cyber} lifted its ban on {other} products", "other:long"),
        ],
        "class_alias": [
            ("{gen} lifts curbs on purchases of {alias}", "alias:long"),
            ("{usgov} lets {alias_co} resume AI chip sales to China", "alias_co:long"),
        ],
        "zh_formal": [
            ("{zus}批准{zchip}对华出口许可", "zchip:long"),
            ("{zmarket}终止对{zanyco}的反垄断调查", "zanyco:long"),
            ("{zgen}解除对{zother}产品的采购限制", "zother:long"),
        ],
        "zh_wire": [
            ("消息称美方已向{zco}发放对华出口许可证", "zco:long"),
            ("{zchip}获准恢复对华销售", "zchip:long"),
        ],
    },
    "domestic_substitution": {
        "plain_active": [
            ("{gen} pushes state firms to buy domestic AI chips from Cambricon", "688256.SS:long"),
            ("{ndrc} mandates domestic chips for new government data centres", "688256.SS:long"),
            ("{gen} orders firms to replace {chip} chips with domestic alternatives",
             "chip+688256.SS:long"),
            ("{miit} promotes homegrown AI chips over {chip} for state buyers", "chip+688256.SS:long"),
            ("{gen} steps up subsidies for domestic AI chipmakers", "688256.SS:long"),
            ("{ndrc} backs Hygon processors for state computing projects", "688041.SS:long"),
            ("{miit} names SMIC as anchor supplier in chip self-sufficiency drive", "0981.HK:long"),
            ("{gen} directs state cloud providers to buy Cambricon accelerators", "688256.SS:long"),
        ],
        "passive_agentless": [
            ("Domestic AI chips to be prioritised in state procurement", "688256.SS:long"),
            ("State data centres told to swap {chip} chips for local accelerators",
             "chip+688256.SS:long"),
            ("Hygon CPUs to be favoured in government server tenders", "688041.SS:long"),
            ("SMIC capacity to be expanded under new state chip plan", "0981.HK:long"),
            ("Local chips given priority over {chip} processors in state tenders",
             "chip+688256.SS:long"),
        ],
        "light_verb_noun": [
            ("{gen} issues a mandate for domestic AI chips in state projects", "688256.SS:long"),
            ("{miit} launches a drive to replace {chip} chips with homegrown ones",
             "chip+688256.SS:long"),
            ("{ndrc} provides a subsidy boost to Hygon and other domestic server chipmakers",
             "688041.SS:long"),
            ("{gen} makes a push for SMIC-made chips in state procurement", "0981.HK:long"),
        ],
        "wire_caps": [
            ("China orders firms to replace {chip} chips with domestic ones - report",
             "chip+688256.SS:long"),
            ("*China said to mandate domestic AI chips in state data centres", "688256.SS:long"),
            ("China to boost support for SMIC in self-sufficiency drive - sources", "0981.HK:long"),
        ],
        "exclusive_sources": [
            ("Exclusive: {gen} wants half of new AI compute on domestic chips, sources say",
             "688256.SS:long"),
            ("{ndrc} is steering state buyers toward Hygon processors, people familiar say",
             "688041.SS:long"),
        ],
        "quote": [
            ("'Use domestic chips': {gen} tells state firms to drop {chipn}", "chipn+688256.SS:long"),
            ("“Self-reliance in computing”: Beijing orders state buyers to favour Cambricon",
             "688256.SS:long"),
            ("{miit} says SMIC is 'the backbone' of domestic chip push", "0981.HK:long"),
        ],
        "multi_firm": [
            ("{gen} orders firms to replace {chips} chips with domestic alternatives",
             "chips+688256.SS:long"),
            ("{gen} tells state data centres to swap {chips} processors for Cambricon accelerators",
             "chips+688256.SS:long"),
        ],
        "actor_by_role": [
            ("{r_ndrc} pushed state buyers toward domestic AI chips", "688256.SS:long"),
            ("{r_miit} ordered firms to replace {chip} chips with local alternatives",
             "chip+688256.SS:long"),
            ("{r_ndrc} named Hygon as preferred supplier for state servers", "688041.SS:long"),
        ],
        "class_alias": [
            ("{gen} orders data centres to replace {alias} with local chips", "alias+688256.SS:long"),
            ("{miit} urges firms to swap {alias} for domestic accelerators", "alias+688256.SS:long"),
        ],
        "zh_formal": [
            ("{zmiit}：推动国产AI芯片在国有数据中心规模化应用", "688256.SS:long"),
            ("{zgen}要求企业以国产芯片替代{zchip}", "zchip+688256.SS:long"),
            ("{zndrc}支持海光信息等国产服务器芯片企业", "688041.SS:long"),
            ("{zgen}将中芯国际列为集成电路自主可控重点支持企业", "0981.HK:long"),
        ],
        "zh_wire": [
            ("国产替代提速：大厂被要求改用寒武纪芯片", "688256.SS:long"),
            ("消息称国资云将全面采用国产算力替代{zchip}", "zchip+688256.SS:long"),
            ("中芯国际获国家大基金新一轮注资", "0981.HK:long"),
        ],
    },
    "stockpiling": {
        "plain_active": [
            ("Chinese tech firms rush to buy {chip} chips ahead of possible US curbs", "chip:long"),
            ("ByteDance, Alibaba stockpile {chip} GPUs before new rules", "chip:long"),
            ("Chinese companies scramble to buy {chip} chips before export ban", "chip:long"),
            ("Tencent and Baidu stockpile AI chips ahead of restrictions", "NVDA:long"),
            ("Chinese cloud firms race to secure {chip} processors before curbs bite", "chip:long"),
        ],
        "passive_agentless": [
            ("{chip} chips snapped up by Chinese buyers ahead of expected curbs", "chip:long"),
            ("Orders for {chip} processors front-loaded in China before ban", "chip:long"),
            ("AI chips hoarded by Chinese firms as US rules loom", "NVDA:long"),
        ],
        "light_verb_noun": [
            ("Chinese firms place a flurry of orders for {chip} chips ahead of curbs", "chip:long"),
            ("Alibaba makes a bulk purchase of {chip} GPUs before restrictions", "chip:long"),
            ("Chinese buyers go on a buying spree for AI chips before export rules tighten",
             "NVDA:long"),
        ],
        "wire_caps": [
            ("Chinese firms rush to stockpile {chip} chips - report", "chip:long"),
            ("*Chinese tech giants said to hoard {chip} GPUs before curbs", "chip:long"),
        ],
        "exclusive_sources": [
            ("Exclusive: ByteDance orders billions in {chip} chips ahead of curbs, sources say",
             "chip:long"),
            ("Chinese cloud providers are stockpiling AI chips before new US rules, people familiar say",
             "NVDA:long"),
        ],
        "quote": [
            ("'Buy everything we can': Chinese firms stockpile {chip} chips", "chip:long"),
            ("Chinese buyers 'panic buying' {chip} GPUs ahead of ban", "chip:long"),
        ],
        "multi_firm": [
            ("Chinese firms stockpile {chips} chips before new US curbs", "chips:long"),
            ("ByteDance, Tencent rush to buy {chips} accelerators ahead of restrictions", "chips:long"),
        ],
        "actor_by_role": [
            ("{r_buyer} rushed to buy {chip} chips ahead of US curbs", "chip:long"),
            ("{r_buyer} stockpiled AI chips ahead of new export rules", "NVDA:long"),
        ],
        "class_alias": [
            ("Chinese cloud firms stockpile {alias} ahead of curbs", "NVDA:long"),
            ("Chinese buyers hoard {alias} before export rules tighten", "NVDA:long"),
        ],
        "zh_formal": [
            ("国内互联网企业赶在限制生效前集中采购{zchip}", "zchip:long"),
            ("国内云厂商加紧囤积AI芯片 应对美方出口管制", "NVDA:long"),
        ],
        "zh_wire": [
            ("消息称大厂抢购{zchip} 赶在禁令前囤货", "zchip:long"),
            ("{zchip}遭国内厂商疯抢", "zchip:long"),
        ],
    },
    "mineral_retaliation": {
        "plain_active": [
            ("China curbs {mineral} exports to the US", "NVDA"),
            ("{commerce} bans exports of {mineral} to United States", "NVDA"),
            ("China restricts {mineral} exports in retaliation for chip curbs", "NVDA"),
            ("{commerce} tightens export controls on {mineral} used in chips", "NVDA"),
            ("Beijing halts {mineral} shipments to US in chip dispute", "NVDA"),
        ],
        "passive_agentless": [
            ("{mineral} exports to US suspended amid chip row", "NVDA"),
            ("Licence requirement placed on {mineral} shipments from China", "NVDA"),
            ("{mineral} sales to American buyers blocked in latest trade retaliation", "NVDA"),
        ],
        "light_verb_noun": [
            ("{commerce} imposes a ban on {mineral} exports to the US", "NVDA"),
            ("{commerce} announces export controls on {mineral} items", "NVDA"),
            ("China slaps licensing requirements on {mineral} exports", "NVDA"),
        ],
        "wire_caps": [
            ("China bans {mineral} exports to US - commerce ministry", "NVDA"),
            ("*China to curb exports of {mineral} in response to US chip rules", "NVDA"),
        ],
        "exclusive_sources": [
            ("Exclusive: China plans wider {mineral} export curbs, sources say", "NVDA"),
            ("{commerce} is preparing to halt {mineral} exports to US, people familiar say", "NVDA"),
        ],
        "quote": [
            ("'Countermeasures': China bans {mineral} exports to US", "NVDA"),
            ("{commerce} says {mineral} curbs protect 'national security'", "NVDA"),
        ],
        "actor_by_role": [
            ("{r_commerce} banned {mineral} exports to the US", "NVDA"),
            ("{r_commerce} restricted shipments of {mineral} in response to US chip curbs", "NVDA"),
        ],
        "class_alias": [
            ("China bars {mineral} sales to {alias_co}", "NVDA"),
            ("China cuts off {mineral} supply to American chipmakers", "NVDA"),
        ],
        "zh_formal": [
            ("{zcommerce}：对{zmineral}相关物项实施出口管制", "NVDA"),
            ("{zcommerce}宣布原则上不予许可{zmineral}对美出口", "NVDA"),
        ],
        "zh_wire": [
            ("突发｜中方禁止{zmineral}对美出口", "NVDA"),
            ("反制！{zmineral}出口管制升级", "NVDA"),
        ],
    },
    "probe_other_firms": {
        "plain_active": [
            ("{cyber} opens probe into {other} over security risks", "other"),
            ("{commerce} investigates {other} for anti-dumping violations", "other"),
            ("{commerce} probes {other} over discriminatory practices", "other"),
            ("{cyber} says {other} products failed cybersecurity review", "other"),
            ("{market} fines {other} for violating anti-monopoly law", "other"),
            ("{commerce} adds {other} to unreliable entity list", "other"),
        ],
        "passive_agentless": [
            ("{other} barred from China's critical infrastructure projects", "other"),
            ("{other} products hit with security review in China", "other"),
            ("{other} fined over anti-monopoly breaches", "other"),
            ("{other} placed on China's unreliable entity list", "other"),
        ],
        "light_verb_noun": [
            ("{cyber} launches a cybersecurity review of {other} products", "other"),
            ("{market} opens an antitrust investigation into {other}", "other"),
            ("{commerce} imposes penalties on {other}", "other"),
        ],
        "wire_caps": [
            ("China opens probe into {other} - state media", "other"),
            ("*China said to bar {other} chips from key infrastructure", "other"),
        ],
        "exclusive_sources": [
            ("Exclusive: {cyber} preparing security review of {other}, sources say", "other"),
            ("{market} is investigating {other}, people familiar say", "other"),
        ],
        "quote": [
            ("'Serious network security risks': {cyber} targets {other}", "other"),
            ("{market} says {other} 'abused dominant position'", "other"),
        ],
        "multi_firm": [
            ("{commerce} opens probes into {others}", "others"),
            ("{cyber} launches security reviews of {others} products", "others"),
        ],
        "actor_by_role": [
            ("{r_cyber} opened a security review of {other} products", "other"),
            ("{r_market} fined {other} for antitrust violations", "other"),
            ("{r_commerce} placed {other} on unreliable entity list", "other"),
        ],
        "zh_formal": [
            ("{zcyber}对{zother}在华销售产品启动网络安全审查", "zother"),
            ("{zmarket}依法对{zother}开展反垄断调查", "zother"),
            ("{zcommerce}将{zother}列入不可靠实体清单", "zother"),
        ],
        "zh_wire": [
            ("快讯｜{zother}在华产品未通过网络安全审查", "zother"),
            ("{zother}遭反垄断调查 市场监管总局出手", "zother"),
        ],
    },
    "state_media_campaign": {
        "plain_active": [
            ("{media} says {chip} chips are unsafe", "chip"),
            ("{media} urges Chinese buyers to shun {anyco} products", "anyco"),
            ("{media} accuses {co} of building backdoors into chips", "co"),
            ("{media} questions safety of {chip} chips", "chip"),
            ("{media} warns consumers against {other} chips", "other"),
        ],
        "passive_agentless": [
            ("{chip} chips branded a security risk in state media commentary", "chip"),
            ("Boycott of {anyco} urged in state-run commentary", "anyco"),
            ("{co} chips described as unsafe and unreliable in party newspaper commentary", "co"),
        ],
        "light_verb_noun": [
            ("{media} launches a campaign against {chip} chips", "chip"),
            ("{media} issues a call for a boycott of {anyco}", "anyco"),
            ("{media} runs a commentary attacking {chip} chip security", "chip"),
        ],
        "wire_caps": [
            ("Chinese state media says {chip} chips not safe", "chip"),
            ("*CCTV-linked account says {chip} chips pose security risks", "chip"),
        ],
        "exclusive_sources": [
            ("Exclusive: Beijing directs state media to question {chip} chip safety, sources say",
             "chip"),
        ],
        "quote": [
            ("'Not safe, not advanced': {media} hits {chip} chips", "chip"),
            ("“How can we trust {co}?” asks {media}", "co"),
            ("{media}: {anyco} chips 'a threat to China's security'", "anyco"),
        ],
        "multi_firm": [
            ("{media} urges boycott of {cos} chips", "cos"),
            ("{media} says {chips} chips are unsafe", "chips"),
        ],
        "actor_by_role": [
            ("{r_media} said {chip} chips are unsafe", "chip"),
            ("{r_media} urged consumers to boycott {anyco}", "anyco"),
            ("{r_media} accused {co} of putting backdoors in chips", "co"),
        ],
        "class_alias": [
            ("{media} says {alias} are unsafe", "alias"),
            ("{media} urges firms to boycott {alias}", "alias"),
        ],
        "zh_formal": [
            ("人民日报评论：{zco}，你让我如何信任你？", "zco"),
            ("新华社：{zchip}存在安全隐患 用户应谨慎选择", "zchip"),
            ("央视：{zanyco}芯片存在后门风险", "zanyco"),
        ],
        "zh_wire": [
            ("官媒发声：{zchip}“不安全、不先进、不环保”", "zchip"),
            ("{zchip}被官媒点名 网友呼吁抵制", "zchip"),
        ],
    },
    "industry_body": {
        "plain_active": [
            ("{assoc} urges members to avoid {chip} chips", "chip"),
            ("{assoc} calls for security review of {anyco} products", "anyco"),
            ("{assoc} tells Chinese firms to reconsider buying {anyco} chips", "anyco"),
            ("{assoc} warns members against {cls}", "cls"),
        ],
        "passive_agentless": [
            ("Chinese firms urged to review {anyco} chips in industry notice", "anyco"),
            ("Members told to scrutinise {chip} purchases after industry association alert", "chip"),
        ],
        "light_verb_noun": [
            ("{assoc} issues a warning against purchases of {chip} chips", "chip"),
            ("{assoc} makes a call for a security review of {anyco} products", "anyco"),
            ("{assoc} publishes a notice urging caution on {anyco} chips", "anyco"),
        ],
        "wire_caps": [
            ("China industry group urges members to avoid {anyco} chips - statement", "anyco"),
            ("*China chip association said to tell firms to shun {chip} GPUs", "chip"),
        ],
        "exclusive_sources": [
            ("Exclusive: {assoc} to urge members to drop {chip} chips, sources say", "chip"),
        ],
        "quote": [
            ("'{anyco} chips are no longer safe or reliable,' {assoc} says", "anyco"),
            ("{assoc} urges firms to be 'cautious' about {chip} chips", "chip"),
        ],
        "multi_firm": [
            ("{assoc} urges members to avoid {anycos} chips", "anycos"),
        ],
        "actor_by_role": [
            ("{r_assoc} urged members to avoid {chip} chips", "chip"),
            ("{r_assoc} called for a security review of {anyco} products", "anyco"),
        ],
        "class_alias": [
            ("{assoc} urges members to avoid {alias}", "alias"),
            ("{assoc} says {alias} are unsafe and unreliable", "alias"),
        ],
        "zh_formal": [
            ("{zassoc}：建议会员单位审慎采购{zchip}", "zchip"),
            ("{zassoc}建议对{zanyco}在华销售产品启动网络安全审查", "zanyco"),
        ],
        "zh_wire": [
            ("行业协会发声：谨慎采购{zchip}", "zchip"),
            ("{zassoc}呼吁企业慎用{zcls}", "zcls"),
        ],
    },
    # ---- quiet families: expect [] ----
    "near_miss": {
        "plain_active": [
            ("{gen} urges cities to cut H20 use as drinking water shortage worsens", ""),
            ("{gen} urges banks to cut mortgage rates to support property market", ""),
            ("{market} opens antitrust probe into food delivery platforms", ""),
            ("{miit} urges EV makers to avoid price war", ""),
            ("{gen} tells property developers to stop buying land at high prices", ""),
            ("{customs} steps up checks on imported seafood", ""),
            ("{ndrc} pushes domestic hydrogen fuel cell makers with new subsidies", ""),
            ("{gen} orders state data centres to cut water use", ""),
            ("Honda launches H20 hydrogen scooter in China", ""),
            ("{gen} bans foreign cosmetics tested on animals from state shops", ""),
            ("{cyber} summons Weibo over celebrity gossip", ""),
            ("{market} fines property developer for false advertising", ""),
            ("{usgov} restricts exports of water purification equipment to Iran", ""),
            ("{usgov} grants licences for natural gas exports to Asia", ""),
            ("Chinese firms stockpile copper ahead of tariff increase", ""),
            ("{commerce} curbs exports of drone parts to Europe", ""),
        ],
        "passive_agentless": [
            ("State firms told to stop buying luxury cars", ""),
            ("Food delivery platforms summoned over price war", ""),
            ("Property developers barred from new bond sales", ""),
            ("Imported seafood shipments held up at Chinese ports amid stepped-up checks", ""),
            ("Bottled H20 orders halted at state canteens after contamination scare", ""),
            ("Hydrogen scooter maker found to have violated advertising law", ""),
            ("Soybean cargoes snapped up by Chinese buyers ahead of expected tariffs", ""),
        ],
        "light_verb_noun": [
            ("{market} slaps a fine on Meituan over food delivery subsidies", ""),
            ("{miit} issues a directive against price wars in the EV sector", ""),
            ("{customs} launches a crackdown on smuggled durians", ""),
            ("{gen} imposes a ban on foreign cosmetics in state shops", ""),
            ("{ndrc} orders a halt to new coal power approvals", ""),
        ],
        "wire_caps": [
            ("China tells cities to cut H20 use amid drought", ""),
            ("*China said to urge banks to avoid property developer bonds", ""),
            ("China curbs steel exports to ease trade tensions - report", ""),
        ],
        "exclusive_sources": [
            ("Exclusive: {gen} urging state firms to avoid Australian coal, sources say", ""),
            ("{market} is probing food delivery platforms, people familiar say", ""),
            ("Exclusive: Chinese firms stockpiling soybeans ahead of tariffs, sources say", ""),
        ],
        "quote": [
            ("'Do not buy bottled H20 from unlicensed vendors', Beijing warns residents", ""),
            ("“Stop the price war,” {miit} tells EV makers", ""),
            ("'Serious safety risks': {market} summons e-bike makers", ""),
        ],
        "multi_firm": [
            ("{market} summons Meituan, Alibaba and JD over food delivery war", ""),
            ("{miit} tells BYD, Geely and Tesla to avoid price cuts", ""),
        ],
        "actor_by_role": [
            ("{r_cyber} summoned Weibo over celebrity gossip", ""),
            ("{r_market} opened an antitrust probe into food delivery platforms", ""),
            ("{r_ndrc} pushed domestic hydrogen fuel cell makers with subsidies", ""),
            ("{r_customs} stepped up checks on imported durians", ""),
        ],
        "class_alias": [
            ("{gen} bans imported cosmetics from state shops", ""),
            ("{gen} tells state firms to avoid foreign-brand cars", ""),
            ("{customs} tightens checks on imported frozen seafood", ""),
            ("{gen} bars American-made drones from government agencies", ""),
        ],
        "zh_formal": [
            ("{zmarket}约谈外卖平台企业 要求停止补贴价格战", ""),
            ("{zcustoms}加强对进口冷链食品的查验", ""),
            ("{zmiit}要求车企避免“内卷式”价格战", ""),
            ("{zndrc}：推动国产氢能装备规模化应用", ""),
            ("{zcyber}约谈微博 要求整治娱乐明星榜单", ""),
        ],
        "zh_wire": [
            ("本田发布H20氢能摩托 瞄准中国市场", ""),
            ("快讯｜多地海关查获走私榴莲", ""),
            ("监管叫停房企高价拿地", ""),
            ("消息称监管要求国企暂停采购进口豪车", ""),
            ("消息称外卖平台遭约谈 被要求停止价格战", ""),
        ],
    },
    "denial": {
        "plain_active": [
            ("{gen} denies urging firms to avoid {chip} chips", ""),
            ("{gen} denies report it banned {cls} from state data centres", ""),
            ("{usgov} denies plans for new chip export curbs on China", ""),
            ("{market} rejects report of antitrust probe into {co}", ""),
            ("{co} denies its chips have backdoors", ""),
            ("{commerce} refutes claims of {mineral} export ban", ""),
            ("{customs} dismisses reports of checks on {chip} chips", ""),
            ("{cyber} denies summoning {co}", ""),
            ("{assoc} denies urging members to avoid {anyco} chips", ""),
            ("{gen} denies plans to order firms to replace {chip} chips with domestic ones", ""),
            ("Chinese firms deny stockpiling {chip} chips ahead of curbs", ""),
        ],
        "passive_agentless": [
            ("Reports of {chip} purchase ban denied", ""),
            ("Claims of {mineral} export ban dismissed as rumour", ""),
            ("Report of {co} antitrust probe rejected as untrue", ""),
            ("Story that {chip} chips were barred from state data centres denied", ""),
        ],
        "light_verb_noun": [
            ("{gen} issues a denial of reports it told firms to shun {chip} chips", ""),
            ("{market} puts out a statement rejecting reports of a {co} probe", ""),
            ("{commerce} issues a rebuttal to reports of a {mineral} export ban", ""),
        ],
        "wire_caps": [
            ("China denies report it told firms to avoid {chip} chips", ""),
            ("*China's commerce ministry says report on {mineral} export ban 'not true'", ""),
            ("US denies report of new AI chip export curbs on China", ""),
        ],
        "exclusive_sources": [
            ("China has no plan to ban {cls} from data centres, people familiar say", ""),
            ("Beijing not planning to tell firms to avoid {chip} chips, sources say", ""),
        ],
        "quote": [
            ("'No such guidance': {gen} denies telling firms to shun {chip} chips", ""),
            ("“Pure fabrication,” {commerce} says of {mineral} export ban report", ""),
            ("{cyber} calls report it summoned {co} 'groundless'", ""),
        ],
        "multi_firm": [
            ("{gen} denies urging firms to avoid {chips} chips", ""),
            ("{market} denies probing {cos}", ""),
        ],
        "actor_by_role": [
            ("{r_cyber} denied summoning {co}", ""),
            ("{r_commerce} rejected reports of a {mineral} export ban", ""),
            ("{r_gen} denied telling firms to avoid {chip} chips", ""),
        ],
        "class_alias": [
            ("China denies banning {alias} from state data centres", ""),
            ("{gen} rejects report it told firms to avoid {alias}", ""),
        ],
        "zh_formal": [
            ("{zcommerce}：关于限制{zmineral}出口的报道不实", ""),
            ("{zcyber}否认约谈{zco}相关报道", ""),
            ("{zgen}：网传要求企业停止采购{zchip}的消息不实", ""),
            ("{zmarket}否认对{zco}开展新一轮反垄断调查", ""),
        ],
        "zh_wire": [
            ("辟谣｜网传监管叫停采购{zchip}系谣言", ""),
            ("{zco}回应“芯片后门”传闻：不实", ""),
            ("海关人士否认严查{zchip}入境", ""),
            ("辟谣！国资数据中心禁用{zcls}消息不实", ""),
        ],
    },
    "market_wide": {
        "plain_active": [
            ("Chip stocks slide as Treasury yields jump", "@all:down"),
            ("Semiconductor shares tumble as Fed signals higher rates for longer", "@all:down"),
            ("Global chip stocks rally after soft US inflation data", "@all:up"),
            ("Tech sell-off deepens as bond yields hit 16-year high", "@all:down"),
            ("Asian and US chipmakers fall as dollar surges", "@all:down"),
            ("Chip shares rebound as recession fears ease", "@all:up"),
        ],
        "passive_agentless": [
            ("Chipmakers dragged lower as bond yields surge", "@all:down"),
            ("Semiconductor shares hit by broad risk-off selling", "@all:down"),
            ("Chip stocks lifted by Fed rate-cut hopes", "@all:up"),
        ],
        "light_verb_noun": [
            ("Investors stage a broad sell-off in chip stocks as yields climb", "@all:down"),
            ("Traders make a rush for tech shares after Fed cut", "@all:up"),
        ],
        "wire_caps": [
            ("Chip stocks slide as Treasury yields jump", "@all:down"),
            ("*US 10-year yield hits 5%, chip stocks fall", "@all:down"),
            ("Semiconductor index surges after CPI miss", "@all:up"),
        ],
        "exclusive_sources": [
            ("Hedge funds dump chip stocks as yields spike, traders say", "@all:down"),
            ("Chip rally driven by short covering, people familiar say", "@all:up"),
        ],
        "quote": [
            ("'Risk-off day': chip stocks slide as yields jump", "@all:down"),
            ("“Everything is rallying”: chip shares soar on Fed pivot", "@all:up"),
        ],
        "multi_firm": [
            ("Nvidia, AMD, Micron slide as Treasury yields jump", "@all:down"),
            ("Nvidia, SMIC and Cambricon fall in global tech rout", "@all:down"),
            ("Intel, Qualcomm, Nvidia rise as yields retreat", "@all:up"),
        ],
        "actor_by_role": [
            ("The Fed's rate signal sends chip stocks lower", "@all:down"),
            ("The central bank's surprise cut lifts semiconductor shares", "@all:up"),
            ("Bond traders' yield spike sinks chipmakers", "@all:down"),
        ],
        "class_alias": [
            ("US chip designers and Chinese chipmakers slide as yields jump", "@all:down"),
            ("American and Chinese semiconductor shares rally on rate-cut bets", "@all:up"),
        ],
        "zh_formal": [
            ("美债收益率飙升 全球半导体板块集体下挫", "@all:down"),
            ("美联储降息预期升温 芯片股全线走高", "@all:up"),
            ("科创50指数大跌 半导体板块领跌", "@all:down"),
        ],
        "zh_wire": [
            ("芯片股集体跳水 恒生科技指数跌逾3%", "@all:down"),
            ("美股芯片股大涨 费城半导体指数涨超3%", "@all:up"),
            ("全球科技股遭抛售 芯片股重挫", "@all:down"),
        ],
    },
    "coincident_company_news": {
        "plain_active": [
            ("{anyco} reports record quarterly revenue on AI demand", "@anyco:up"),
            ("{anyco} names new chief financial officer", "@anyco:any"),
            ("{co} unveils new data-centre GPU at Computex", "@co:any"),
            ("{cnco} swings to first annual profit", "@cnco:up"),
            ("{anyco} misses revenue estimates", "@anyco:down"),
            ("{cnco} launches new AI training chip", "@cnco:any"),
            ("{anyco} raises full-year guidance", "@anyco:up"),
            ("{anyco} cuts outlook on weak PC demand", "@anyco:down"),
        ],
        "passive_agentless": [
            ("New {co} data-centre chip unveiled at Computex", "@co:any"),
            ("{cnco} quarterly results boosted by AI demand", "@cnco:up"),
            ("{anyco} guidance lowered after weak quarter", "@anyco:down"),
        ],
        "light_verb_noun": [
            ("{anyco} makes a management change in its data-centre unit", "@anyco:any"),
            ("{anyco} announces a $10 billion share buyback", "@anyco:up"),
        ],
        "wire_caps": [
            ("{anyco} Q3 revenue beats estimates", "@anyco:up"),
            ("*{anyco} CEO to retire, company says", "@anyco:any"),
        ],
        "exclusive_sources": [
            ("Exclusive: {anyco} in talks to acquire AI software start-up, sources say", "@anyco:any"),
        ],
        "quote": [
            ("'Demand is insane': {co} CEO says after record quarter", "@co:up"),
            ("{cnco} CEO: 'We are sold out for next year'", "@cnco:up"),
        ],
        "multi_firm": [
            ("{cos} unveil new data-centre chips at Computex", "@cos:any"),
        ],
        "zh_formal": [
            ("{zcnco}发布年度业绩预告 净利润同比大增", "@zcnco:up"),
            ("{zanyco}发布新一代数据中心芯片", "@zanyco:any"),
            ("{zcnco}宣布高管人事变动", "@zcnco:any"),
        ],
        "zh_wire": [
            ("{zcnco}新款芯片发布 股价异动", "@zcnco:any"),
            ("{zanyco}财报超预期 盘后大涨", "@zanyco:up"),
            ("{zanyco}季度营收不及预期", "@zanyco:down"),
        ],
    },
}

OUTLETS = {
    "en": ["Reuters", "Bloomberg", "CNBC", "Financial Times", "Wall Street Journal", "Nikkei Asia",
           "South China Morning Post", "Caixin Global", "The Information", "Barron's", "MarketWatch",
           "Associated Press", "Yicai Global", "DigiTimes", "TechNode", "Semafor"],
    "wire_caps": ["Reuters", "Bloomberg", "Dow Jones Newswires", "MT Newswires", "Bloomberg First Word"],
    "exclusive_sources": ["Reuters", "Bloomberg", "The Information", "Financial Times",
                          "Wall Street Journal", "Nikkei Asia"],
    "zh_formal": ["新华社", "证券时报", "中国证券报", "上海证券报", "经济日报", "人民网", "第一财经"],
    "zh_wire": ["财联社", "36氪", "界面新闻", "财新", "澎湃新闻", "21世纪经济报道", "第一财经",
                "每日经济新闻"],
}


def split_of(tf):
    return "heldout" if tf in HELDOUT_TF else "dev"


def slots_of(template):
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def fill(template, tf, rng):
    chosen = {s: rng.choice(POOLS[s]) for s in slots_of(template)}
    text = template.format(**{s: v[0] for s, v in chosen.items()})
    if tf == "wire_caps":
        text = text.upper()
    elif not tf.startswith("zh"):
        text = text[0].upper() + text[1:]
    return text, {s: v[1] for s, v in chosen.items()}


def resolve(spec, named):
    """-> (expect [(instrument, direction)], mover (instruments, up|down|any) or None)."""
    if not spec:
        return [], None
    if spec.startswith("@"):
        who, _, way = spec[1:].partition(":")
        return [], (list(BASE) if who == "all" else named[who], way)
    exp = []
    for part in spec.split("+"):
        who, _, direction = part.partition(":")
        for sym in named[who] if who in named else [who]:
            assert sym in BENCHMARK, (spec, sym)
            exp.append((sym, direction or "short"))
    return sorted(set(exp)), None


def cases(rng):
    out, seen = [], set()
    for family, by_tf in T.items():
        for tf, templates in by_tf.items():
            assert tf in HELDOUT_TF | DEV_TF, tf
            for template, spec in templates:
                n = FILLS if slots_of(template) else 1
                got = 0
                for _ in range(n * 4):
                    if got >= n:
                        break
                    text, named = fill(template, tf, rng)
                    if text in seen:
                        continue
                    seen.add(text)
                    exp, mover = resolve(spec, named)
                    out.append({"family": family, "tf": tf, "text": text, "expect": exp,
                                "mover": mover, "template": template})
                    got += 1
    return out


def moves_for(case, rng):
    moves = {}
    exp, mover, family = case["expect"], case["mover"], case["family"]
    if family == "market_wide":
        size = rng.uniform(0.035, 0.05) * (1 if mover[1] == "up" else -1)
        return {sym: size for sym in BASE}
    if family == "coincident_company_news":
        way = mover[1] if mover[1] != "any" else rng.choice(["up", "down"])
        for sym in BASE:
            if sym in mover[0]:
                moves[sym] = rng.uniform(0.035, 0.05) * (1 if way == "up" else -1)
            elif sym in BENCHMARKS:
                moves[sym] = rng.uniform(-0.002, 0.002)
            else:
                moves[sym] = rng.uniform(-0.004, 0.004)
        return moves
    if not exp:  # near_miss, denial: the market moves as if the story were true
        for sym in BASE:
            if sym in US:
                moves[sym] = -rng.uniform(0.037, 0.043)
            elif sym in CN:
                moves[sym] = rng.uniform(0.037, 0.043)
            else:
                moves[sym] = rng.uniform(-0.002, 0.002)
        return moves
    for sym in BASE:
        want = [d for s, d in exp if s == sym]
        if want:
            size = rng.uniform(0.035, 0.05)
            moves[sym] = -size if want[0] == "short" else size
        elif sym in BENCHMARKS:
            moves[sym] = rng.uniform(-0.002, 0.002)
        else:
            moves[sym] = rng.uniform(-0.004, 0.004)
    return moves


def price_lines(day, moves, rng):
    return minute_trades(day, moves, BASE, rng)


def table(rows, key, cols):
    counts = collections.Counter((key(r), c(r)) for r in rows for c in [cols[1]])
    names = sorted({key(r) for r in rows})
    values = cols[0]
    width = max(len(n) for n in names + ["total"]) + 2
    out = [f"{'':{width}}" + "".join(f"{v:>9}" for v in values + ["total"])]
    for n in names:
        row = [counts[(n, v)] for v in values]
        out.append(f"{n:{width}}" + "".join(f"{x:>9}" for x in row + [sum(row)]))
    tot = [sum(counts[(n, v)] for n in names) for v in values]
    out.append(f"{'total':{width}}" + "".join(f"{x:>9}" for x in tot + [sum(tot)]))
    return "\n".join(out)


def main():
    rng = random.Random(SEED)
    cs = cases(rng)
    rng.shuffle(cs)
    prices_path = os.path.join(HERE, "prices.jsonl")
    rows = []
    with open(os.path.join(HERE, "headlines.jsonl"), "w", encoding="utf-8") as h, \
            open(prices_path, "w") as p, \
            open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8") as lab:
        for i, c in enumerate(cs):
            day = START + timedelta(days=i)
            hid = f"c-{i + 1:04d}"
            lang = "zh" if c["tf"].startswith("zh") else "en"
            outlets = OUTLETS.get(c["tf"], OUTLETS["en"])
            h.write(json.dumps({"id": hid, "ts": day.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "source": rng.choice(outlets), "headline": c["text"],
                                "lang": lang}, ensure_ascii=False) + "\n")
            for line in price_lines(day, moves_for(c, rng), rng):
                p.write(json.dumps(line, separators=(",", ":")) + "\n")
            split = split_of(c["tf"])
            lab.write(json.dumps({"headline_id": hid, "family": c["family"],
                                  "template_family": c["tf"], "split": split,
                                  "expect": [{"instrument": s, "direction": d}
                                             for s, d in c["expect"]]}) + "\n")
            rows.append({"family": c["family"], "tf": c["tf"], "split": split, "lang": lang})
    subprocess.run(["zstd", "-q", "-19", "-f", prices_path, "-o", prices_path + ".zst"],
                   check=True)
    os.remove(prices_path)

    # Checks the brief's floor: 1,000 cases, 15 families, 150 Chinese over 8 families, every
    # family in both splits.
    families = {r["family"] for r in rows}
    zh_families = {r["family"] for r in rows if r["lang"] == "zh"}
    assert len(rows) >= 1000, len(rows)
    assert len(families) >= 15, families
    assert sum(r["lang"] == "zh" for r in rows) >= 150
    assert len(zh_families) >= 8, zh_families
    for f in families:
        assert {r["split"] for r in rows if r["family"] == f} == {"dev", "heldout"}, f

    by_family = table(rows, lambda r: r["family"], (["dev", "heldout"], lambda r: r["split"]))
    by_tf = table(rows, lambda r: r["tf"], (["dev", "heldout"], lambda r: r["split"]))
    by_lang = table(rows, lambda r: r["family"], (["en", "zh"], lambda r: r["lang"]))
    n_templates = sum(len(v) for by_tf_ in T.values() for v in by_tf_.values())
    report = (f"{len(rows)} headlines from {n_templates} templates, {len(families)} event families, "
              f"{len({r['tf'] for r in rows})} template families\n\n"
              f"By event family and split:\n{by_family}\n\n"
              f"By template family and split:\n{by_tf}\n\n"
              f"By event family and language:\n{by_lang}\n")
    print(report)
    write_readme(report)


README = """# china-ai-chips evaluation corpus

A labelled corpus of China/US AI-chip policy headlines with minute prices, written by hand
**independently of the rule pack** (its author did not read `rules.yaml`, `lists.yaml`,
`entities.yaml` or `rules/lexicons/`), to measure how the pack generalises. Regenerate with

    python3 rules/packs/china-ai-chips/eval/corpus/make_corpus.py

(deterministic, fixed seed; needs the `zstd` tool). Files: `headlines.jsonl` (with `lang`),
`prices.jsonl.zst` (decompress with `zstd -d`; same line format as `../make_eval.py`),
`labels.jsonl` (`family`, `template_family`, `split`, `expect`). Each case is its own day, one
day apart, headline at 14:00 UTC, trades every 10 minutes 13:40..15:00.

## Event families

Expectations: "firm" = the named US firm's instrument short; a class of US AI chips ("foreign AI
chips", "imported GPUs"...) = NVDA and AMD.

| family | expect |
|---|---|
| procurement_guidance | Beijing/regulators tell firms to avoid or stop buying: firm (class: NVDA+AMD) short |
| datacentre_ban | US chips banned from state data centres: firm / class short |
| security_review | summons or cybersecurity review of Nvidia/AMD: firm short |
| antitrust | anti-monopoly probe, finding or fine of Nvidia/AMD: firm short |
| customs_checks | customs inspections of a firm's chips: firm / class short |
| us_export_controls | US curbs chip exports: named firm short, NVDA short when none is named |
| easing | licences, approvals, lifted bans, dropped probes: firm long (class: NVDA+AMD long) |
| domestic_substitution | domestic chips pushed: 688256.SS long (+ named US firm short); Hygon named: 688041.SS long; SMIC named: 0981.HK long |
| stockpiling | Chinese buyers rush to buy a firm's chips: firm long (none named: NVDA long) |
| mineral_retaliation | gallium/germanium/antimony/rare-earth/graphite export curbs: NVDA short |
| probe_other_firms | probes/penalties on Micron, Intel, Qualcomm: that firm short |
| state_media_campaign | People's Daily/Xinhua/CCTV/Global Times call a US firm's chips unsafe: firm short |
| industry_body | an industry association urges members to avoid/review a firm's chips: firm short |
| near_miss | same words, another subject (water H20, Honda H20, property, EVs, food delivery...): [] |
| denial | officials deny a report of any of the above (also 否认 / 不实 / 辟谣): [] |
| market_wide | generic market move: [] |
| coincident_company_news | earnings, launches, executive changes: [] |

## Template families and the split

Each template belongs to one template family (a phrasing style); the split is by template
family, never by sentence, so held-out phrasings are never seen in dev.

- dev: plain_active, light_verb_noun ("imposes a ban on", "slaps a fine on"), wire_caps
  ("*CHINA SAID TO ..."), exclusive_sources ("Exclusive: ...", "..., sources say"), multi_firm
  (several firms, each expected), zh_formal (Chinese, formal agency/state-outlet style).
- heldout: passive_agentless ("State firms told to ..."), actor_by_role ("the country's internet
  watchdog"), class_alias ("US-designed accelerators", "imported GPUs"), quote (quoted speech),
  zh_wire (Chinese, terse wire/social style: 快讯｜, 消息称, 辟谣).

Actors by role, class aliases and some outlets occur only in held-out templates. Every event
family appears in both splits.

## Prices

An expected (instrument, direction) moves 3.5..5% that way from 14:00 to 14:30; its benchmark
(SOXX for the US names, 000688.SS for 688256.SS and 688041.SS, HSTECH.HK for 0981.HK) stays
within +-0.3%; other names drift within +-0.4%. Adversarial quiet cases: near_miss and denial see
the US names fall ~4% and the Chinese names rise ~4% (benchmarks flat), so only the headline can
keep a rule quiet; coincident_company_news moves only the named company 3.5..5% (either way);
market_wide moves every instrument and every benchmark by the same 3.5..5%.

## Counts

```
{report}```

## Caveats

One hand wrote every template, filler and label, so the corpus shares that writer's habits and
blind spots; held-out template families guard against tuning to dev phrasings, not against
the writer's. Labels are judgement calls on a few edge cases (a class of chips in easing expects
NVDA+AMD long; a policy naming Hygon or SMIC expects only that instrument, not Cambricon).
Headlines are fills of templates, so near-duplicates that differ only in actor or product occur.
Prices are synthetic; the Chinese listings trade at 14:00 UTC here although their markets are
closed then.
"""


def write_readme(report):
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
        f.write(README.replace("{report}", report))


if __name__ == "__main__":
    main()
