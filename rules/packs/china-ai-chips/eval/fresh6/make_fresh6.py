#!/usr/bin/env python3
"""Writes the china-ai-chips "fresh6" evaluation set (deterministic, fixed seed; python3 stdlib
plus the `zstd` command-line tool; the output is committed):

  headlines.jsonl               one headline a weekday, 14:00 UTC, with `lang`
  prices.jsonl.zst              trades every 10 minutes 13:30..16:00 UTC, every tracked instrument
                                and the three benchmarks (same line format as ../fresh5)
  prices-adversarial.jsonl.zst  supplementary: quiet cases move like a policy hit (as ../fresh5)
  labels.jsonl                  headline_id, family, template_family, split ("fresh6"), expect

A sixth independent set: every headline below was written by hand in one session, without
reading the rule pack (rules.yaml, lists.yaml, entities.yaml beyond its instrument lines), the
lexicons, or any other set's headlines or labels. See README.md.

Prices come from ../fresh2/make_fresh2.py's functions, reached through ../fresh5/make_fresh5.py
(and its chain ../fresh4, ../fresh3; imported, not copied; they in turn use
../fresh/make_fresh.py's generator): an expected (instrument, direction) moves 3.7..5% that way
between 14:00 and 14:30 and holds to 16:00, its benchmark stays within +-0.2%, other instruments
drift within +-0.4%; "@all:up|down" moves every instrument and benchmark alike;
"@co:SYM:up|down" (company news coinciding with a move) is quiet but moves SYM alone, its
benchmark flat.
"""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20270107
SPLIT = "fresh6"
# Days: the fresh generator's weekdays, skipping the first 1500: fresh5 uses days 1200..1453 and
# the earlier sets days before 1152, so the six sets never share a day and can be replayed
# together. Asserted in main().
SKIP_DAYS = 1500


# Importing fresh5 executes its (and fresh4's, fresh3's, fresh2's) CASES in memory; only their
# lengths and SKIP_DAYS are used (the no-shared-day assertion), plus fresh2's price functions and
# fresh3's case checks.
_spec = importlib.util.spec_from_file_location(
    "make_fresh5", os.path.join(HERE, "..", "fresh5", "make_fresh5.py"))
fresh5 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fresh5)
fresh4 = fresh5.fresh4
fresh3 = fresh5.fresh3
fresh2 = fresh5.fresh2
fresh = fresh5.fresh

EN_SOURCES = ["Reuters", "Bloomberg", "Financial Times", "Wall Street Journal",
              "South China Morning Post", "Nikkei Asia", "CNBC", "Dow Jones Newswires",
              "Caixin Global", "The Information", "Barron's", "MarketWatch", "Axios",
              "Yahoo Finance", "The Register", "TrendForce", "Seeking Alpha"]
ZH_SOURCES = ["新华社", "人民日报", "央视新闻", "财新", "证券时报", "第一财经", "财联社",
              "上海证券报", "中国证券报", "21世纪经济报道", "经济观察报", "界面新闻", "澎湃新闻",
              "每日经济新闻", "证券日报", "中国经营报"]
# Commercial Chinese media: the state agencies do not write 成语 teasers, 独家 scoops or
# Chinese-English mixes.
ZH_COMMERCIAL = ["财新", "第一财经", "财联社", "21世纪经济报道", "界面新闻", "澎湃新闻",
                 "每日经济新闻", "晚点LatePost", "36氪", "新浪财经", "钛媒体", "雪球", "集微网",
                 "芯东西"]
# Sources implied by a template family's style (else one of the lists above at random).
SOURCES_BY_TEMPLATE = {
    "zh_idiom": ZH_COMMERCIAL,
    "zh_sources": ZH_COMMERCIAL,
    "zh_mixed_en": ZH_COMMERCIAL,
    "zh_state_media": ["新华社", "人民日报", "央视新闻", "经济日报", "光明日报", "中国新闻网",
                       "人民网", "中国政府网"],
    "zh_fin_flash": ["财联社", "证券时报", "第一财经", "上海证券报", "中国证券报", "证券日报"],
    "zh_traditional": ["明報", "香港經濟日報", "星島日報", "中央社", "經濟日報", "工商時報",
                       "信報", "自由時報", "聯合報", "東方日報", "鉅亨網", "香港01", "now新聞",
                       "商業周刊"],
    "zh_colloquial": ["华尔街见闻", "格隆汇", "智通财经", "每日经济新闻", "新浪财经", "雪球",
                      "金十数据", "东方财富网"],
    "wire_caps": ["Dow Jones Newswires", "Bloomberg", "MarketWatch"],
}

# Expectation shorthands (the pack's instruments; SMIC = both of its listings).
CAM = "688256.SS"
HYG = "688041.SS"
NA_S = "NVDA:short AMD:short"  # the US-chip class, restricted
NA_L = "NVDA:long AMD:long"    # the US-chip class, eased or stockpiled

# (template_family, event family, headline, expectations, source or None)
# expectations as ../fresh5: space-separated SYM:long|short (SMIC = both listings); "" = quiet;
# "@all:up|down" = quiet market-wide move; "@co:SYM:up|down" = quiet, SYM alone moves.
CASES = [
    # ---- passive_agentless
    ("passive_agentless", "procurement_guidance",
     "Nvidia's H20 said to be struck from approved-supplier lists at Chinese state banks",
     "NVDA:short", None),
    ("passive_agentless", "usage_ban",
     "Micron memory to be stripped out of provincial government servers by year-end",
     "MU:short", None),
    ("passive_agentless", "security_review",
     "AMD Instinct accelerators reportedly placed under cybersecurity review in China",
     "AMD:short", None),
    ("passive_agentless", "antitrust",
     "Qualcomm found to have breached Chinese anti-monopoly law over modem licensing, "
     "preliminary probe shows", "QCOM:short", None),
    ("passive_agentless", "customs_checks",
     "Intel Xeon shipments said to be held up at Shenzhen port for extra inspection",
     "INTC:short", None),
    ("passive_agentless", "domestic_support",
     "Cambricon named among recipients of new state AI compute subsidies", f"{CAM}:long", None),
    ("passive_agentless", "easing",
     "Curbs on Micron chips in Chinese critical infrastructure reportedly relaxed",
     "MU:long", None),
    ("passive_agentless", "near_miss",
     "Moore Threads and Biren said to be added to US entity list in new sweep", "", None),
    ("passive_agentless", "coincident_company_news",
     "Yet another cut-down Nvidia chip for China said to be in the works", "", None),

    # ---- actor_by_role
    ("actor_by_role", "security_review",
     "China's cyberspace regulator summons Nvidia over alleged location-tracking in H20 chips",
     "NVDA:short", None),
    ("actor_by_role", "blacklist",
     "Beijing's commerce ministry adds Intel to unreliable entity list", "INTC:short", None),
    ("actor_by_role", "usage_ban",
     "China's industry ministry tells telecom carriers to phase out overseas GPUs by 2027",
     NA_S, None),
    ("actor_by_role", "domestic_support",
     "Shanghai's economy commission puts SMIC on its list of key chip projects for the year",
     "SMIC:long", None),
    ("actor_by_role", "antitrust",
     "China's market watchdog widens antitrust probe to AMD's Xilinx merger conditions",
     "AMD:short", None),
    ("actor_by_role", "us_export_controls",
     "US Commerce Department revokes licences for Intel shipments to Chinese server makers",
     "INTC:short", None),
    ("actor_by_role", "easing",
     "China's competition regulator drops investigation into Qualcomm licensing practices",
     "QCOM:long", None),
    ("actor_by_role", "other_country",
     "Dutch trade ministry tightens licence rules for ASML deep-UV tools bound for China",
     "", None),
    ("actor_by_role", "denial",
     "Chinese foreign ministry spokesperson calls reports of Micron ban 'not in line with facts'",
     "", None),

    # ---- light_verb_noun
    ("light_verb_noun", "procurement_guidance",
     "Beijing puts a stop to big tech's orders of Nvidia's RTX Pro 6000D", "NVDA:short", None),
    ("light_verb_noun", "security_review",
     "China takes a hard line on Micron with fresh procurement security check", "MU:short", None),
    ("light_verb_noun", "domestic_support",
     "Beijing gives Hygon a boost with state-cloud server contract", f"{HYG}:long", None),
    ("light_verb_noun", "us_licence_easing",
     "Washington hands AMD a licence to resume MI308 sales to China", "AMD:long", None),
    ("light_verb_noun", "us_export_controls",
     "US puts an end to Nvidia's H20 shipments with new licence rule", "NVDA:short", None),
    ("light_verb_noun", "stockpiling",
     "Chinese internet giants make a dash for Nvidia's H200 before rules tighten",
     "NVDA:long", None),
    ("light_verb_noun", "customs_checks",
     "China's customs agency steps up scrutiny of Nvidia chip imports", "NVDA:short", None),
    ("light_verb_noun", "coincident_company_news",
     "Nvidia makes a bid for bigger share of China's car-chip market", "", None),
    ("light_verb_noun", "other_country",
     "Malaysia puts a permit requirement on re-exports of US AI chips", "", None),

    # ---- wire_caps
    ("wire_caps", "usage_ban",
     "*CHINA TO BAR MICRON CHIPS FROM TELECOM NETWORK UPGRADES - REPORT", "MU:short", None),
    ("wire_caps", "antitrust",
     "*CHINA SAMR SAYS QUALCOMM UNDER INVESTIGATION FOR SUSPECTED MONOPOLY CONDUCT",
     "QCOM:short", None),
    ("wire_caps", "us_export_controls",
     "*US BIS ADDS LICENSE REQUIREMENT FOR AMD MI308 EXPORTS TO CHINA - FILING",
     "AMD:short", None),
    ("wire_caps", "procurement_guidance",
     "*CHINA ASKS STATE FIRMS TO PAUSE INTEL SERVER PURCHASES - REPORT", "INTC:short", None),
    ("wire_caps", "easing",
     "*CHINA ALLOWS MICRON PRODUCTS BACK INTO KEY INFRASTRUCTURE PROJECTS - REPORT",
     "MU:long", None),
    ("wire_caps", "us_licence_easing",
     "*US TO GRANT NVIDIA LICENSES FOR H20 CHINA SALES - COMMERCE DEPT", "NVDA:long", None),
    ("wire_caps", "domestic_support",
     "*SMIC WINS STATE BACKING FOR NEW SHANGHAI FAB - XINHUA", "SMIC:long", None),
    ("wire_caps", "denial",
     "*CHINA MOFCOM DENIES PLANNING BAN ON NVIDIA CHIPS - STATEMENT", "", None),
    ("wire_caps", "market_wide",
     "*SOXX DOWN 4.2%, HANG SENG TECH OFF 4% AS GLOBAL CHIP SELLOFF DEEPENS",
     "@all:down", None),

    # ---- exclusive_sources
    ("exclusive_sources", "procurement_guidance",
     "Exclusive: China tells top AI labs to stop placing new Nvidia orders, sources say",
     "NVDA:short", None),
    ("exclusive_sources", "usage_ban",
     "Exclusive: Beijing drafts rules to keep AMD chips out of state data centres",
     "AMD:short", None),
    ("exclusive_sources", "customs_checks",
     "Exclusive: Chinese customs crack down on grey-market Nvidia GPUs, officials say",
     "NVDA:short", None),
    ("exclusive_sources", "blacklist",
     "Exclusive: China weighs putting Micron on its export-control list, people familiar say",
     "MU:short", None),
    ("exclusive_sources", "stockpiling",
     "Exclusive: Chinese cloud providers stockpile AMD accelerators ahead of expected US curbs",
     "AMD:long", None),
    ("exclusive_sources", "easing",
     "Exclusive: Beijing set to wind down Qualcomm probe as trade talks progress, sources say",
     "QCOM:long", None),
    ("exclusive_sources", "domestic_support",
     "Exclusive: State Grid to favour Hygon processors in new data-centre tender, sources say",
     f"{HYG}:long", None),
    ("exclusive_sources", "coincident_company_news",
     "Exclusive: Nvidia weighs opening R&D hub in Shenzhen, sources say", "", None),
    ("exclusive_sources", "other_country",
     "Exclusive: India considers its own export curbs on advanced AI chips, officials say",
     "", None),

    # ---- quote
    ("quote", "security_review",
     "'Security risks cannot be ignored': China's cyber watchdog opens review of Micron",
     "MU:short", None),
    ("quote", "domestic_support",
     "'Buy domestic': Beijing tells provinces to favour Cambricon chips in AI hubs",
     f"{CAM}:long", None),
    ("quote", "antitrust",
     "'Unfair competition': China launches dumping and subsidy probe into Intel processors",
     "INTC:short", None),
    ("quote", "us_export_controls",
     "'No more H20s for China': US official says Nvidia licences revoked", "NVDA:short", None),
    ("quote", "easing",
     "'A step forward': China restores Micron's eligibility for state procurement",
     "MU:long", None),
    ("quote", "stockpiling",
     "'Get as many as you can': Chinese buyers rush in H200 orders with Nvidia",
     "NVDA:long", None),
    ("quote", "state_media_campaign",
     "'Dangerous dependency': People's Daily commentary lays into Nvidia chips",
     "NVDA:short", None),
    ("quote", "coincident_company_news",
     "'China demand is fine': AMD chief brushes off talk of a ban", "", None),
    ("quote", "analyst_opinion",
     "'The selloff is overdone': Bernstein backs Nvidia after China headlines", "", None),

    # ---- multi_firm
    ("multi_firm", "usage_ban",
     "China bars Nvidia, AMD chips from new government-funded computing centres", NA_S, None),
    ("multi_firm", "antitrust",
     "Beijing probes Qualcomm and Intel over chip licensing practices",
     "QCOM:short INTC:short", None),
    ("multi_firm", "us_export_controls",
     "New US curbs hit Nvidia, AMD and Intel sales to Chinese AI firms",
     "NVDA:short AMD:short INTC:short", None),
    ("multi_firm", "easing",
     "China lets Micron and Qualcomm back into state-owned telecom tenders",
     "MU:long QCOM:long", None),
    ("multi_firm", "domestic_support",
     "Cambricon, Hygon and SMIC added to Beijing's priority chip supplier list",
     f"{CAM}:long {HYG}:long SMIC:long", None),
    ("multi_firm", "state_media_campaign",
     "State TV turns its fire on Nvidia and Micron over 'backdoor' risks",
     "NVDA:short MU:short", None),
    ("multi_firm", "procurement_guidance",
     "Chinese state data centres told to swap Intel servers for Hygon systems",
     f"INTC:short {HYG}:long", None),
    ("multi_firm", "market_wide",
     "Nvidia, AMD and Micron slide with SMIC and Cambricon as bond yields spike",
     "@all:down", None),
    ("multi_firm", "coincident_company_news",
     "Qualcomm and Intel both beat estimates on China handset and PC recovery",
     "@co:QCOM:up", None),

    # ---- class_alias
    ("class_alias", "procurement_guidance",
     "China urges tech firms to avoid US-made AI chips in new projects", NA_S, None),
    ("class_alias", "usage_ban",
     "Beijing restricts imported graphics processors in state-owned cloud services", NA_S, None),
    ("class_alias", "customs_checks",
     "Chinese customs stop shipments of American AI accelerators at southern ports",
     NA_S, None),
    ("class_alias", "stockpiling",
     "Chinese tech giants hoard US GPUs ahead of expected curbs", NA_L, None),
    ("class_alias", "us_licence_easing",
     "US loosens licence rules for high-end graphics chips bound for China", NA_L, None),
    ("class_alias", "industry_body",
     "China's chip industry group urges members to cut reliance on US accelerators",
     NA_S, None),
    ("class_alias", "easing",
     "Beijing lifts guidance against foreign data-centre GPUs for private firms", NA_L, None),
    ("class_alias", "other_country",
     "Japan widens controls on chipmaking equipment exports", "", None),
    ("class_alias", "analyst_opinion",
     "US AI chipmakers poised to gain from Gulf sovereign AI push, analysts say", "", None),

    # ---- idiom_slang
    ("idiom_slang", "usage_ban",
     "Micron gets frozen out of China's critical infrastructure", "MU:short", None),
    ("idiom_slang", "procurement_guidance",
     "Nvidia takes a beating as Beijing turns up the heat on H20 buyers", "NVDA:short", None),
    ("idiom_slang", "antitrust",
     "Qualcomm in hot water with China's antitrust cops", "QCOM:short", None),
    ("idiom_slang", "easing",
     "Beijing throws Intel a bone, clears stalled local venture", "INTC:long", None),
    ("idiom_slang", "domestic_support",
     "Cambricon riding high as Beijing bankrolls homegrown AI chips", f"{CAM}:long", None),
    ("idiom_slang", "us_export_controls",
     "Washington yanks AMD's China licences, leaving MI308 in limbo", "AMD:short", None),
    ("idiom_slang", "stockpiling",
     "Chinese buyers snap up Nvidia chips like hotcakes ahead of US crackdown",
     "NVDA:long", None),
    ("idiom_slang", "analyst_opinion",
     "Nvidia China ban chatter is 'hot air', says veteran chip analyst", "", None),
    ("idiom_slang", "coincident_company_news",
     "Micron knocks it out of the park with record memory sales", "@co:MU:up", None),

    # ---- second_clause
    ("second_clause", "usage_ban",
     "As trade talks stall, China orders state telecoms to drop Qualcomm modems",
     "QCOM:short", None),
    ("second_clause", "security_review",
     "Yuan slips, bonds rally; Beijing opens security probe into Intel chips",
     "INTC:short", None),
    ("second_clause", "easing",
     "Ahead of summit, China eases restrictions on Micron chip purchases", "MU:long", None),
    ("second_clause", "procurement_guidance",
     "With Nvidia results due, China tells firms to justify H20 purchases", "NVDA:short", None),
    ("second_clause", "antitrust",
     "Days after US chip curbs, China places AMD under anti-monopoly investigation",
     "AMD:short", None),
    ("second_clause", "us_licence_easing",
     "In rare concession, US approves Nvidia H200 exports to vetted Chinese buyers",
     "NVDA:long", None),
    ("second_clause", "domestic_support",
     "Nasdaq flat; Hygon jumps after winning place on national computing list",
     f"{HYG}:long", None),
    ("second_clause", "coincident_company_news",
     "After a blowout quarter, Nvidia says China remains 'a big opportunity'",
     "@co:NVDA:up", None),
    ("second_clause", "market_wide",
     "Tariff fears resurface and stocks tumble worldwide; chipmakers lead losses",
     "@all:down", None),

    # ---- zh_state_media
    ("zh_state_media", "security_review",
     "国家互联网信息办公室就英伟达H20芯片安全风险问题约谈该公司", "NVDA:short", None),
    ("zh_state_media", "blacklist",
     "商务部：将英特尔公司列入不可靠实体清单", "INTC:short", None),
    ("zh_state_media", "customs_checks",
     "海关总署：对进口美光存储芯片实施加严检验", "MU:short", None),
    ("zh_state_media", "antitrust",
     "市场监管总局依法对高通公司涉嫌违反反垄断法立案调查", "QCOM:short", None),
    ("zh_state_media", "domestic_support",
     "工业和信息化部：支持中芯国际加快先进工艺攻关", "SMIC:long", None),
    ("zh_state_media", "state_media_campaign",
     "新华时评：美光产品安全问题不容回避", "MU:short", "新华社"),
    ("zh_state_media", "usage_ban",
     "国家发展改革委：新建算力枢纽节点不得采购境外图形处理器", NA_S, None),
    ("zh_state_media", "easing",
     "商务部新闻发言人：美光公司网络安全审查已终结 其产品可继续在华销售", "MU:long", None),
    ("zh_state_media", "denial",
     "外交部发言人：中方从未对特定外国芯片企业采取歧视性措施", "", None),
    ("zh_state_media", "near_miss",
     "商务部裁定原产于美国的进口模拟芯片存在倾销 决定征收反倾销税", "", None),

    # ---- zh_fin_flash
    ("zh_fin_flash", "procurement_guidance",
     "财联社电，据悉多家国有大型银行已接到通知，暂停采购英伟达H20服务器。", "NVDA:short", "财联社"),
    ("zh_fin_flash", "domestic_support",
     "【快讯】寒武纪获国家集成电路产业投资基金三期注资", f"{CAM}:long", None),
    ("zh_fin_flash", "us_export_controls",
     "【突发】美国商务部撤销AMD对华出口MI308芯片许可", "AMD:short", None),
    ("zh_fin_flash", "domestic_support",
     "证券时报e公司讯，海光信息产品入选国家信创采购目录。", f"{HYG}:long", "证券时报"),
    ("zh_fin_flash", "us_licence_easing",
     "快讯｜美国政府批准英伟达向中国客户出售H200芯片", "NVDA:long", None),
    ("zh_fin_flash", "stockpiling",
     "上证快讯：国内多家互联网大厂加紧囤货AMD加速卡", "AMD:long", "上海证券报"),
    ("zh_fin_flash", "security_review",
     "第一财经快讯：网信办对美光在华销售产品启动网络安全审查", "MU:short", "第一财经"),
    ("zh_fin_flash", "industry_body",
     "财联社电，中国半导体行业协会建议会员企业审慎采购英特尔处理器。", "INTC:short", "财联社"),
    ("zh_fin_flash", "market_wide",
     "【快讯】费城半导体指数收跌逾4%，全球芯片股集体重挫", "@all:down", None),
    ("zh_fin_flash", "coincident_company_news",
     "财联社电，美光科技上调本财季营收指引。", "@co:MU:up", "财联社"),

    # ---- zh_bei_passive
    ("zh_bei_passive", "antitrust",
     "英伟达被认定违反反垄断法 市场监管总局初步调查结果出炉", "NVDA:short", None),
    ("zh_bei_passive", "usage_ban",
     "美光芯片被禁止用于关键信息基础设施采购", "MU:short", None),
    ("zh_bei_passive", "security_review",
     "超威半导体被约谈 须说明MI308芯片安全风险", "AMD:short", None),
    ("zh_bei_passive", "blacklist",
     "高通被列入出口管制管控名单", "QCOM:short", None),
    ("zh_bei_passive", "customs_checks",
     "一批英特尔服务器芯片在深圳口岸被扣留查验", "INTC:short", None),
    ("zh_bei_passive", "domestic_support",
     "寒武纪被确定为国家人工智能算力重点保障企业", f"{CAM}:long", None),
    ("zh_bei_passive", "easing",
     "英特尔被移出不可靠实体清单", "INTC:long", None),
    ("zh_bei_passive", "us_export_controls",
     "英伟达H20对华出口许可被美方暂停", "NVDA:short", None),
    ("zh_bei_passive", "near_miss",
     "华为昇腾芯片被美方列入新一轮出口管制", "", None),
    ("zh_bei_passive", "other_country",
     "新加坡三名男子被控涉嫌欺诈转运英伟达服务器", "", None),

    # ---- zh_honours_listing
    ("zh_honours_listing", "domestic_support",
     "海光信息入选国家级专精特新“小巨人”企业名单", f"{HYG}:long", None),
    ("zh_honours_listing", "domestic_support",
     "中芯国际获评国家级智能制造标杆企业", "SMIC:long", None),
    ("zh_honours_listing", "domestic_support",
     "寒武纪思元芯片列入中央政府集中采购目录", f"{CAM}:long", None),
    ("zh_honours_listing", "domestic_support",
     "海光CPU入围国家电网年度集中采购名单", f"{HYG}:long", None),
    ("zh_honours_listing", "domestic_support",
     "中芯国际项目荣获国家科学技术进步奖特等奖", "SMIC:long", None),
    ("zh_honours_listing", "domestic_support",
     "寒武纪、海光信息同获“国家人工智能创新应用先导区”重点企业称号",
     f"{CAM}:long {HYG}:long", None),
    ("zh_honours_listing", "domestic_support",
     "上海市经信委：中芯国际临港项目入选市级重大产业项目清单", "SMIC:long", None),
    ("zh_honours_listing", "domestic_support",
     "海光信息跻身广东省算力基础设施推荐产品目录", f"{HYG}:long", None),
    ("zh_honours_listing", "coincident_company_news",
     "寒武纪入选福布斯中国最具创新力企业榜", "", None),
    ("zh_honours_listing", "coincident_company_news",
     "中芯国际获纳入恒生指数成份股", "@co:0981.HK:up", None),

    # ---- zh_traditional
    ("zh_traditional", "procurement_guidance",
     "消息指北京要求內地科企暫停採購輝達H20晶片", "NVDA:short", None),
    ("zh_traditional", "security_review",
     "大陸網信辦對美光展開網絡安全審查 美光盤前急跌", "MU:short", None),
    ("zh_traditional", "customs_checks",
     "據報大陸海關加強查驗輝達AI晶片進口", "NVDA:short", None),
    ("zh_traditional", "us_export_controls",
     "美國商務部撤銷英特爾對華出口許可 英特爾股價受壓", "INTC:short", None),
    ("zh_traditional", "antitrust",
     "中國市監總局指高通違反反壟斷法 高通跌逾4%", "QCOM:short", None),
    ("zh_traditional", "easing",
     "內地放寬美光晶片採購限制 美光夜盤急升", "MU:long", None),
    ("zh_traditional", "stockpiling",
     "大陸科技巨頭搶購超微AI晶片 趕在新禁令前入貨", "AMD:long", None),
    ("zh_traditional", "domestic_support",
     "中芯獲北京注資擴產 港股中芯急升", "SMIC:long", None),
    ("zh_traditional", "other_country",
     "台灣經濟部擬加強AI伺服器出口審查", "", None),
    ("zh_traditional", "denial",
     "輝達澄清：從未收到中國監管機構任何禁售通知", "", None),

    # ---- zh_mixed_en
    ("zh_mixed_en", "antitrust",
     "SAMR宣布对Nvidia启动反垄断调查，涉Mellanox收购附加条件", "NVDA:short", None),
    ("zh_mixed_en", "blacklist",
     "MOFCOM把Micron列入unreliable entity list？官方公告来了", "MU:short", None),
    ("zh_mixed_en", "us_export_controls",
     "BIS新规：AMD对华出口MI308需单独申请license", "AMD:short", None),
    ("zh_mixed_en", "domestic_support",
     "大基金三期领投Cambricon，国产AI芯片迎来大额注资", f"{CAM}:long", None),
    ("zh_mixed_en", "stockpiling",
     "多家CSP加急下单Nvidia H20，担心下一轮ban", "NVDA:long", None),
    ("zh_mixed_en", "procurement_guidance",
     "窗口指导来了：互联网公司新增算力不得采购Nvidia RTX Pro 6000D", "NVDA:short", None),
    ("zh_mixed_en", "us_licence_easing",
     "美方放行：Nvidia、AMD对华出口license恢复审批", NA_L, None),
    ("zh_mixed_en", "procurement_guidance",
     "国有大行AI训练集群招标：Hygon DCU入围，替代Intel方案", f"INTC:short {HYG}:long", None),
    ("zh_mixed_en", "analyst_opinion",
     "Morgan Stanley：中国限制Nvidia的风险被市场高估", "", None),
    ("zh_mixed_en", "coincident_company_news",
     "Nvidia发布新一代Blackwell Ultra，China版暂未公布", "", None),

    # ---- zh_idiom
    ("zh_idiom", "security_review",
     "雪上加霜！网信办对英伟达H20启动安全审查", "NVDA:short", None),
    ("zh_idiom", "usage_ban",
     "釜底抽薪：国资委要求央企数据中心全面停用美光存储", "MU:short", None),
    ("zh_idiom", "domestic_support",
     "乘风破浪：寒武纪获国家重大科技专项资金支持", f"{CAM}:long", None),
    ("zh_idiom", "us_export_controls",
     "冰火两重天：美国收紧AMD对华芯片出口", "AMD:short", None),
    ("zh_idiom", "easing",
     "否极泰来：商务部宣布将高通移出不可靠实体清单", "QCOM:long", None),
    ("zh_idiom", "customs_checks",
     "来势汹汹：海关对英特尔芯片进口开展专项查验", "INTC:short", None),
    ("zh_idiom", "state_media_campaign",
     "枪打出头鸟：人民日报撰文批评英伟达“双重标准”", "NVDA:short", None),
    ("zh_idiom", "stockpiling",
     "先下手为强：国内大厂争相囤积英伟达H200", "NVDA:long", None),
    ("zh_idiom", "denial",
     "捕风捉影？业内人士否认监管层要求停用AMD芯片", "", None),
    ("zh_idiom", "market_wide",
     "城门失火：美股芯片板块集体暴跌 A股港股科技股同步重挫", "@all:down", None),

    # ---- zh_colloquial
    ("zh_colloquial", "security_review",
     "英伟达又被约谈了！H20这回麻烦大了", "NVDA:short", None),
    ("zh_colloquial", "usage_ban",
     "美光彻底凉凉？关键基础设施全面禁用", "MU:short", None),
    ("zh_colloquial", "domestic_support",
     "寒王又要起飞！国家队砸钱力挺国产AI芯片", f"{CAM}:long", None),
    ("zh_colloquial", "antitrust",
     "高通这下惨了，反垄断大棒砸下来", "QCOM:short", None),
    ("zh_colloquial", "easing",
     "英特尔解禁了！商务部放行其在华合资项目", "INTC:long", None),
    ("zh_colloquial", "us_export_controls",
     "美国又卡AMD，MI308对华出口直接叫停", "AMD:short", None),
    ("zh_colloquial", "stockpiling",
     "大厂疯抢英伟达卡，H200价格一天一个样", "NVDA:long", None),
    ("zh_colloquial", "domestic_support",
     "中芯这波稳稳的！国家大基金再度增持", "SMIC:long", None),
    ("zh_colloquial", "analyst_opinion",
     "别慌！分析师称英伟达中国业务影响有限", "", None),
    ("zh_colloquial", "coincident_company_news",
     "英伟达暴涨！财报又双叒叕超预期", "@co:NVDA:up", None),

    # ---- zh_sources
    ("zh_sources", "procurement_guidance",
     "独家｜监管部门要求主要云厂商暂停新增英伟达芯片采购", "NVDA:short", None),
    ("zh_sources", "blacklist",
     "消息人士称，商务部正研究将美光列入出口管制管控名单", "MU:short", None),
    ("zh_sources", "security_review",
     "据知情人士透露，有关部门拟对进口美系GPU开展专项安全评估", NA_S, None),
    ("zh_sources", "customs_checks",
     "知情人士：海关近期对AMD加速卡通关加强抽检", "AMD:short", None),
    ("zh_sources", "industry_body",
     "消息称，中国电子信息行业联合会建议成员单位减少使用高通芯片", "QCOM:short", None),
    ("zh_sources", "domestic_support",
     "据悉，国家数据局将海光信息列为算力基础设施首选供应商", f"{HYG}:long", None),
    ("zh_sources", "easing",
     "消息称，监管层拟放宽对英伟达H20的采购限制", "NVDA:long", None),
    ("zh_sources", "us_export_controls",
     "独家｜美国拟对英特尔向中国出口至强处理器实施许可证管理", "INTC:short", None),
    ("zh_sources", "other_country",
     "消息称，马来西亚拟收紧AI芯片转运监管", "", None),
    ("zh_sources", "near_miss",
     "据悉，摩尔线程已完成新一轮融资", "", None),
]

# The same event families and case checks as fresh3, fresh4 and fresh5 (write_set asserts the
# language of each template family).
check_cases = fresh5.check_cases


def main():
    cases = list(CASES)
    check_cases(cases)
    # No day shared with fresh..fresh5 (each skips the days of the ones before it).
    assert fresh4.SKIP_DAYS + len(fresh4.CASES) <= fresh5.SKIP_DAYS, "fresh5 overlaps fresh4"
    assert fresh5.SKIP_DAYS + len(fresh5.CASES) <= SKIP_DAYS, "fresh6 days would overlap fresh5's"
    fresh2.make_set(HERE, cases, SEED, SPLIT, "f6", SKIP_DAYS,
                    lambda rng, tf, lang: rng.choice(SOURCES_BY_TEMPLATE.get(
                        tf, ZH_SOURCES if lang == "zh" else EN_SOURCES)))


if __name__ == "__main__":
    main()
