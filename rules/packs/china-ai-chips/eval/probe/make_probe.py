#!/usr/bin/env python3
"""Writes the china-ai-chips "probe" set: headlines written by the helper that tuned the pack in
round 3 of issue 19, as a development aid (see README.md: it is tuned on, not a measure).

Each line of a round is "KIND INSTRUMENT|headline": KIND s (short) or l (long) for an expected
signal on INSTRUMENT, q for a quiet case ("-"). either SMIC listing implies the other (both listings of
SMIC). Prices: every tracked instrument and benchmark trades every 10 minutes 13:30..16:00 UTC;
an expected instrument moves 4% its way from 14:00 to 14:30, benchmarks stay flat; on a quiet
case the US names drop and the Chinese names rise 4% (adversarial, as ../corpus), so only the
text keeps a rule quiet. Deterministic; python3 stdlib and the zstd tool.
"""
import datetime, json, os, subprocess

ROUNDS = [
    ('p', '2036-01-05', '''\
s NVDA|China's top internet regulator orders platforms to suspend purchases of Nvidia H20 pending a security assessment
s NVDA|Beijing instructs big tech to justify any new Nvidia orders
s NVDA|Chinese authorities have asked tech giants to explain why they bought Nvidia's H20
s MU|Micron barred from supplying chips to Chinese critical infrastructure operators
s MU|China's cyberspace agency finds serious security flaws in Micron products
s INTC|State-owned telecom operators ordered to stop deploying Intel servers
s AMD|Chinese customs seize smuggled AMD accelerators in Guangdong
s QCOM|Chinese antitrust watchdog fines Qualcomm 1 billion yuan
s NVDA|Beijing steps up scrutiny of Nvidia as trade tensions flare
s NVDA|Nvidia H20 faces de facto ban in China as regulators tell buyers to look elsewhere
s NVDA|Beijing discourages use of Nvidia chips in government-linked projects
s NVDA|Xinhua commentary says Nvidia H20 chips carry 'tracking' risks
s MU|China's trade ministry launches anti-dumping probe into US memory chips from Micron
s INTC|Internet Society of China urges review of Intel's products over security incidents
s NVDA|China halts Nvidia chip imports at border as crackdown widens
l NVDA|Beijing gives nod for Chinese firms to buy Nvidia H200 chips
l NVDA|China lets ByteDance, Alibaba resume Nvidia purchases
l MU|Beijing ends restrictions on Micron chips in infrastructure projects
l QCOM|China closes antitrust case against Qualcomm
l AMD|China's market regulator approves AMD deal with conditions
l NVDA|US eases curbs, allowing Nvidia to ship H20 to China again
l 688256.SS|Beijing pledges more support for Cambricon and other AI chip designers
l 688256.SS|China to give cash rewards to data centres that switch to Cambricon chips
l 688041.SS|Hygon wins big as state agencies are told to buy its processors
l 688256.SS|Chinese cities hand out subsidies for AI computing on Cambricon chips
s NVDA|网信办就H20芯片漏洞问题约见英伟达中国负责人
s NVDA|国家网信办：英伟达H20存在追踪定位和远程关闭风险
s NVDA|多家互联网公司接到通知 暂停采购英伟达H20
s MU|美光产品被认定存在严重网络安全风险 关基运营者停止采购
s INTC|中国网络空间安全协会：英特尔产品安全漏洞频发 建议进行审查
s QCOM|市场监管总局依法对高通公司作出行政处罚
s NVDA|海关总署严厉打击英伟达芯片走私
s AMD|有关部门叫停国有企业采购AMD芯片
s NVDA|人民日报：英伟达芯片“后门”问题必须说清楚
s NVDA|新华社评论：英伟达应对中国消费者负责
s MU|商务部对原产于美国的存储芯片发起反倾销调查 美光首当其冲
s NVDA|监管部门约谈字节、阿里等企业 询问英伟达H20采购情况
s NVDA|美国商务部暂停向英伟达发放H20对华出口许可证
s AMD|美方收紧对华AI芯片出口 AMD MI308须申请许可
l NVDA|中方批准国内企业采购英伟达H200芯片
l NVDA|监管部门不再限制企业采购英伟达H20
l QCOM|市场监管总局结束对高通的反垄断审查
l MU|商务部将美光科技从不可靠实体清单中移出
l AMD|美国商务部向AMD颁发MI308对华出口许可证
l 688256.SS|工信部出台措施 支持寒武纪等国产AI芯片企业发展
l 688256.SS|多地出台算力补贴政策 寒武纪等国产芯片厂商受益
l 688041.SS|国资委：央企采购服务器须优先选用海光等国产处理器
l 688256.SS|国家大基金增持寒武纪
l 688041.SS|政府采购目录新增海光CPU
q -|China's foreign ministry says it is not aware of any guidance on Nvidia chips
q -|商务部：从未限制企业采购美光芯片
q -|Beijing did not order firms to stop buying Nvidia H20, officials say
q -|网传工信部禁用英特尔芯片 官方回应：不属实
q -|Nvidia says Chinese demand for H20 remains strong
q -|China's MIIT approves new EV models for sale
q -|Beijing approves stimulus package for property sector
q -|市场监管总局对某外卖平台立案调查
q -|英伟达CEO黄仁勋访问北京
q -|Micron to build new plant in Xi'an, local government says
'''),
    ('q', '2037-01-05', '''\
s NVDA|*CHINA TELLS STATE-BACKED CLOUD FIRMS TO PAUSE NVIDIA ORDERS -SOURCES
s AMD|Exclusive: Chinese regulators put AMD chip purchases on hold amid security review
s MU|China bars Micron from key state contracts after failed security check
s INTC|Beijing moves to purge Intel chips from government computers by 2027
s QCOM|China's SAMR hits Qualcomm with antitrust penalty over merger filing
s NVDA|Chinese internet regulator raises alarm over Nvidia chip 'backdoors'
s NVDA|China's state planner rules out Nvidia hardware for new AI data centres
s AMD|State media warns Chinese firms against relying on AMD accelerators
s MU|Beijing puts Micron on watch list, citing national security
s NVDA|Regulators in Beijing question Nvidia executives over H20 tracking features
s INTC|Chinese cybersecurity body accuses Intel of endangering national security
s NVDA|China slaps restrictions on Nvidia chip purchases by state firms
l NVDA|Beijing eases stance on Nvidia, allowing H20 orders to proceed
l MU|China lifts Micron ban in critical infrastructure as ties thaw
l QCOM|Chinese regulator wraps up Qualcomm antitrust probe with no penalty
l NVDA|US clears Nvidia to sell H20 chips in China
l 688256.SS|Beijing earmarks funds for Cambricon-powered computing centres
l 0981.HK|China's state fund injects fresh capital into SMIC
l 688041.SS|State agencies directed to favour Hygon servers in procurement
s NVDA|央视新闻：英伟达H20芯片存在“后门”风险 用户需警惕
s MU|网信办：美光在华销售产品存在较严重网络安全隐患
s AMD|消息人士称国资委已通知央企暂缓采购AMD芯片
s INTC|信通院建议各单位审慎使用英特尔处理器
s QCOM|高通涉嫌违反反垄断法 市场监管总局已立案
s NVDA|监管层约谈多家企业 要求说明英伟达H20采购情况
s NVDA|英伟达H20遭中国监管约谈 被要求提交安全证明
s MU|美光在华业务受阻 多家运营商被要求停止采购
s NVDA|国家发改委：新建智算中心不得采购英伟达芯片
l NVDA|市场监管总局：对英伟达的调查已经结束
l MU|中方宣布恢复美光产品在关键基础设施中的采购
l 688256.SS|上海市出台政策 对采购寒武纪芯片的企业给予补贴
l 688041.SS|工信部：鼓励金融、电信等行业采用海光等国产CPU
l 0981.HK|国家大基金向中芯国际注资
l NVDA|商务部：同意向英伟达H20发放进口许可
q -|China Daily: Nvidia is welcome to compete fairly in China
q -|商务部新闻发言人：有关报道纯属捏造
q -|Reports that Beijing ordered a halt to H20 purchases are 'not accurate', MIIT says
q -|市场监管总局约谈电商平台 规范促销行为
q -|Xinhua: China's chip output rises 20% in first half
q -|英伟达宣布在上海设立研发中心
'''),
    ('r', '2038-01-05', '''\
l NVDA|Chinese tech giants race to stock up on Nvidia H20 before expected ban
l NVDA|字节跳动、阿里巴巴等大厂加紧囤积英伟达H20芯片
l NVDA|Chinese buyers place $16 billion of H20 orders ahead of new US curbs
s NVDA|China halts exports of gallium and germanium to the United States
s NVDA|商务部：即日起对镓、锗相关物项实施出口管制
s NVDA|Beijing retaliates against US chip curbs with ban on antimony shipments
s NVDA|US Commerce Department unveils sweeping new curbs on AI chip sales to China
s AMD|Washington orders AMD to stop shipping MI308 to Chinese customers
s NVDA|美国政府通知英伟达：H20对华出口需获得许可
s NVDA|美国将更多中国实体列入实体清单 涉及AI芯片
s INTC|US pulls Intel export licences for Huawei
l NVDA|Trump says he will allow Nvidia to sell a scaled-down Blackwell to China
l NVDA|美方放宽英伟达H20对华出口限制
s NVDA|China's cyberspace watchdog summons Nvidia for second time over H20
s NVDA|Nvidia hit by Chinese antitrust finding, shares slide
s MU|Beijing orders key infrastructure operators to stop buying Micron
s NVDA|China's industry ministry tells carmakers to stop using Nvidia chips in autonomous driving
s QCOM|China opens investigation into Qualcomm's licensing practices
q -|EU opens antitrust probe into Nvidia's Run:ai acquisition
q -|South Korea's regulator fines Qualcomm over patent licensing
q -|India bans imports of Chinese surveillance cameras
q -|Analysts say China ban fears weigh on Nvidia shares
q -|Nvidia CEO says China market is 'effectively closed'
q -|Nvidia shares fall as investors rotate out of chip stocks
q -|China Daily column: US chip curbs will backfire
q -|中国半导体行业协会召开年会
q -|工信部：前三季度集成电路产量同比增长
q -|英伟达回应：目前未收到任何监管部门通知
q -|Micron denies report that China has banned its chips
q -|China says no decision yet on Nvidia H20 purchases
q -|China has no plans to restrict Qualcomm, officials say
q -|商务部：有关英伟达被调查的传闻不实
q -|外交部：不了解有关英伟达H20的具体情况
q -|Beijing says reports of Nvidia ban are 'pure speculation'
q -|Intel shares jump on report of China orders
q -|美光发布财报 中国区营收下滑
q -|AMD to open research centre in Shanghai with local government support
q -|China's commerce minister meets Nvidia CEO, welcomes investment
q -|商务部部长会见英伟达CEO 欢迎继续在华投资
'''),
    ('s', '2039-01-05', '''\
s NVDA|China Is Said to Tell Tech Firms to Stop Buying Nvidia's RTX Pro 6000D
s AMD|China Weighs Ban on AMD Chips in State-Run Data Centers
s INTC|China Moves to Phase Out Intel Xeon Servers at State Banks
s MU|China Escalates Micron Curbs, Telling More Firms to Shun Its Memory
l NVDA|China Signals Openness to Nvidia H200 Purchases After Trade Deal
l 688256.SS|China Plans Subsidies Worth $10 Billion for Homegrown AI Chips, Cambricon Gains
s QCOM|Qualcomm Faces Chinese Antitrust Scrutiny Over Autotalks Purchase
s NVDA|Chinese Regulators Grill Nvidia Over H20 Security Concerns
s NVDA|明報：內地監管機構約談英偉達 要求解釋H20安全問題
s NVDA|經濟日報：中國要求企業停止採購輝達H20晶片
s INTC|央企信息化系统加速去英特尔化
s MU|工信部：关键信息基础设施运营者应当停止使用美光产品
s AMD|网信办发布风险提示：AMD部分芯片存在安全漏洞
s NVDA|多部门联合约谈英伟达 就H20芯片追踪功能问询
s QCOM|市场监管总局公布高通违法实施经营者集中案处罚决定
s NVDA|官方媒体连发三文质疑英伟达芯片安全性
s INTC|中国网络安全产业联盟：建议将英特尔产品列入重点审查对象
l NVDA|商务部：支持英伟达继续在华经营
l MU|美光科技产品通过网络安全审查
l QCOM|市场监管总局附条件批准高通收购案
l 688981.SS|中芯国际获国家集成电路产业投资基金增资
l 688041.SS|海光信息入围中央国家机关服务器采购名单
l 688256.SS|寒武纪获地方政府算力采购大单
s NVDA|美国商务部：英伟达H20芯片对华出口须事先获得许可
s AMD|美方将AMD MI308列入出口管制范围
l NVDA|美国政府批准英伟达向中国出口H20
s NVDA|The US will require Nvidia to obtain licences before selling H20 in China
s MU|Chinese state media calls Micron a security threat, urges buyers to look elsewhere
s NVDA|China summons Nvidia execs, demands answers on H20 'backdoor'
l NVDA|China quietly lifts informal ban on Nvidia H20 chips, sources say
q -|Nvidia's China Revenue Plunges as Export Curbs Bite
q -|英伟达H20在华销量大幅下滑 黄仁勋称中国市场竞争激烈
q -|Intel Unveils Xeon 7 Processors for Data Centers
q -|美光科技宣布在西安扩产
q -|商务部：欢迎包括英伟达在内的外资企业来华投资
q -|US Senators Urge Tougher Chip Export Rules in Letter to Commerce
q -|China's SAMR Approves Broadcom-VMware With Conditions
q -|外交部：中方一贯反对美方泛化国家安全概念
q -|网信办约谈小红书 责令整改
q -|Reports that China told firms to avoid Nvidia chips are 'completely false', ministry says
'''),
    ('t', '2040-01-05', '''\
s NVDA|知情人士：主管部门已口头通知多家云服务商 新项目不再采用英伟达GPU
s AMD|财新：国家发改委在新建数据中心节能审查中限制使用AMD加速卡
s MU|证券时报：有关部门要求金融机构排查美光存储产品使用情况
s INTC|第一财经：多家国有银行启动服务器替换计划 英特尔份额或大幅下降
s QCOM|市场监管总局：高通公司涉嫌垄断 已责令其暂停相关收购
s NVDA|海关总署：严查以“水货”方式入境的英伟达高端芯片
s NVDA|中国信通院发布报告：英伟达H20存在远程控制风险
s NVDA|人民网评：对“带病”的英伟达芯片说不
s MU|网信办：即日起关基运营者不得采购美光产品
s NVDA|新华社：多地叫停英伟达芯片采购项目
s AMD|商务部新闻发言人：将依法对AMD相关行为进行调查
l NVDA|商务部：已批准部分企业进口英伟达H20的申请
l QCOM|市场监管总局依法终结对高通公司的调查
l MU|网信办：美光产品整改到位 准予恢复采购
l NVDA|中方表示愿为英伟达在华正常经营提供便利
l 688256.SS|工信部印发通知 推动国产智算芯片在重点行业规模化应用 寒武纪涨停
l 688041.SS|财政部：政府采购将向海光等国产CPU倾斜
l 688256.SS|上海发布算力补贴新政 采购寒武纪芯片最高补贴30%
l 688981.SS|国务院国资委：支持中芯国际扩大先进制程产能
l 688256.SS|北京市经信局：对使用寒武纪等国产芯片的企业给予电费补贴
s NVDA|美国商务部要求英伟达停止向中国客户交付H20
s AMD|美方以国家安全为由限制AMD对华出口
l NVDA|美国商务部恢复向英伟达发放H20出口许可
q -|英伟达回应“被约谈”传闻：未收到任何通知
q -|商务部：有关报道不符合事实
q -|网信办：从未发布过禁止使用英伟达芯片的通知
q -|英伟达与腾讯签署合作协议
q -|寒武纪股价创历史新高 市值突破5000亿
q -|海光信息发布三季报 净利润同比增长
q -|美光科技首席执行官称中国市场需求稳定
'''),
    ('u', '2041-01-05', '''\
s NVDA|界面新闻：多家智算中心收到通知，暂不得新增英伟达算力卡
s NVDA|每日经济新闻：监管部门正就英伟达H20芯片安全问题开展调查
s AMD|华尔街见闻：中方拟对AMD启动不可靠实体清单调查
s MU|央广网：美光产品安全问题频出 专家呼吁关基领域全面排查
s INTC|据悉，多个省份已要求党政机关在年底前完成英特尔芯片电脑的替代工作
s QCOM|高通公司因涉嫌违反《反垄断法》被立案调查
s NVDA|英伟达在华遭遇“寒流”：多家大厂接到暂停采购H20的窗口指导
s NVDA|突发！中国海关查获一批走私英伟达GPU
s NVDA|英伟达H20芯片被曝存在“后门” 网信办约谈英伟达
s MU|美光被列入不可靠实体清单 禁止在华投资
s NVDA|国家安全部：警惕境外芯片“后门”风险 英伟达H20在列
s AMD|中国电子信息行业联合会：建议会员单位暂停采购AMD产品
l 688256.SS|寒武纪获批国家级人工智能芯片专项 获中央财政资金支持
l 688041.SS|多地党政机关电脑国产化替代提速 海光信息订单饱满
l 688981.SS|国家大基金三期拟向中芯国际注资数百亿元
l NVDA|中美达成协议 中方将放开英伟达H20在华销售
l MU|商务部决定将美光科技移出不可靠实体清单
l QCOM|市场监管总局对高通收购案作出不予禁止决定
s NVDA|Beijing is said to have asked Alibaba and ByteDance to halt H20 orders, citing security
s INTC|Why Beijing is turning its back on Intel
s MU|"Hidden dangers": China's cyber watchdog flags risks in Micron chips
s QCOM|Chinese antitrust regulator slaps Qualcomm with record penalty
s NVDA|China's customs agency cracks down on Nvidia chip smuggling through Hong Kong
l NVDA|Nvidia's H20 gets Beijing's blessing for sale to Chinese firms
l 688256.SS|Cambricon set for windfall as China steers state buyers to local AI chips
q -|China's industry ministry says semiconductor output rose 15%
q -|英伟达H20在华售价下调 渠道商称需求疲软
q -|中国半导体行业协会：呼吁加强中美半导体产业合作
q -|商务部：中方愿与美方加强出口管制对话
q -|网信办通报一批违法违规App
'''),
    ('v', '2042-01-06', '''\
s NVDA|China Clamps Down on Nvidia AI Chip Purchases Amid Security Probe
s NVDA|Nvidia Shut Out of China's State Computing Projects
s AMD|AMD's MI308 Added to China's Restricted Procurement List
s MU|China Bans Micron Memory From Government Servers, Escalating Chip War
s INTC|Chinese Agencies Ditch Intel PCs in Favor of Local Brands
s QCOM|Qualcomm Hit With Probe by China's Market Watchdog Over Deal
s NVDA|Beijing Pressures Tech Giants to Justify H20 Buying
s NVDA|China's Top Economic Planner Said to Bar Nvidia Chips in New Data Centers
s NVDA|Chinese regulators grill Nvidia over chip-tracking concerns, demand documents
s MU|China puts the squeeze on Micron with fresh procurement curbs
s AMD|US Tightens Grip on AMD's China Sales With New License Rule
s NVDA|White House moves to block Nvidia's H20 sales to China
s INTC|Washington yanks Intel's permits to sell chips to Huawei
l NVDA|US Reverses Course, Lets Nvidia Resume H20 Sales in China
l NVDA|China Drops Objection to Nvidia Chip Purchases After Talks
l MU|Beijing Relents on Micron, Allowing Sales to Resume
l QCOM|China Signs Off on Qualcomm's Autotalks Deal
l AMD|China green-lights AMD's ZT Systems purchase
l 688256.SS|China Doubles Down on Homegrown AI Chips, Boosting Cambricon
l 688041.SS|Beijing Earmarks Billions for Hygon-Powered Government Clouds
l 0981.HK|State Fund Ploughs Billions Into SMIC Expansion
l NVDA|Chinese firms stock up on Nvidia H20 ahead of expected US ban
q -|Nvidia Chief Says China Is 'Critical' Market, Plans More Investment
q -|China's Chip Imports Fell 5% in October, Customs Data Show
q -|Micron Shares Rise After Upbeat Forecast
q -|US Lawmakers Question Commerce Over Chip Export Licensing Delays
q -|Qualcomm Wins EU Court Appeal Against Antitrust Fine
q -|Huawei Unveils New Ascend AI Chip, Challenging Nvidia
q -|Beijing Hosts AI Summit; Nvidia, AMD Executives Attend
q -|China's Cyberspace Regulator Issues Draft Rules on AI Labelling
'''),
    ('w', '2043-01-06', '''\
s NVDA|《关于加强算力基础设施安全管理的通知》印发 明确新建项目原则上不使用英伟达等境外GPU
s AMD|两部门：党政机关和事业单位采购计算机不得选择AMD处理器
s MU|国家网信办对美光公司在华销售产品作出禁止使用决定
s INTC|国资委召开专题会议 部署央企英特尔服务器国产化替换工作
s QCOM|市场监管总局依据《反垄断法》对高通公司处以182亿元罚款
s NVDA|中国半导体行业协会：英伟达H20芯片已不再值得信赖
s NVDA|海关总署部署开展“国门利剑”专项行动 严打英伟达芯片走私
s AMD|商务部发布公告 将AMD列入出口管制管控名单
s NVDA|中方决定对英伟达实施反制措施
s MU|中国电信、中国移动暂停美光存储芯片集采
l NVDA|市场监管总局宣布终止对英伟达涉嫌垄断行为的调查
l AMD|商务部：批准AMD在华合资企业相关申请
l 688256.SS|工信部等七部门联合印发行动方案 提出到2027年国产AI芯片市场占有率超过50% 寒武纪受关注
l 688041.SS|国务院办公厅印发意见 要求加快信创产品在党政机关全面应用 海光有望受益
l 688981.SS|上海市政府与中芯国际签署战略合作协议 支持其扩建12英寸产线
s NVDA|Chinese regulators are said to be weighing a ban on Nvidia's H20 in state-linked data centres
s INTC|China tells state-owned carriers Intel chips are no longer welcome in core networks
s MU|Beijing widens Micron ban to cover more critical sectors
l NVDA|Beijing lifts de facto embargo on Nvidia's H20
l 688256.SS|China mandates that half of new AI computing capacity run on domestic chips such as Cambricon's
q -|中国信通院发布《人工智能发展报告》
q -|国家统计局：10月规模以上工业增加值同比增长5%
q -|英伟达黄仁勋：中国是非常重要的市场
q -|市场监管总局发布《反垄断合规指引》
q -|美光科技：目前在华业务运营正常
q -|China's MIIT says it will support the healthy development of the AI industry
q -|Intel says it has not received any notice from Chinese authorities about a review
q -|Nvidia says it complies with all export rules in China
'''),
    ('x', '2044-01-06', '''\
s NVDA|Is Nvidia's China business over? Beijing tells firms to halt new H20 deployments
s AMD|Will AMD be next? Chinese regulator opens review of MI308 security
s MU|"We cannot rely on Micron": Chinese telecom giant drops US memory supplier under state guidance
s INTC|"Buy Chinese": Beijing's procurement office strikes Intel off approved supplier list
s QCOM|Qualcomm, which has faced Chinese antitrust action before, is again under investigation by SAMR over a chip deal
s NVDA|Nvidia, already hit by US export curbs, now faces a Chinese order barring its chips from state projects
s NVDA|Nvidia H20 orders frozen at major Chinese cloud providers after regulator meeting
s AMD|AMD accelerators excluded from tender for national computing hub
s MU|Micron memory to be stripped from Chinese government servers within two years
s NVDA|Nvidia's RTX Pro 6000D dropped from approved hardware list, sources say
s INTC|Intel-based systems deemed a security risk in new Chinese guidelines
s QCOM|Qualcomm ordered to pay record antitrust fine in China
l NVDA|Nvidia H20 back on the menu for Chinese buyers as Beijing softens stance
l MU|Micron readmitted to Chinese infrastructure projects
l QCOM|Qualcomm's Autotalks deal wins Chinese antitrust nod
l 688256.SS|Cambricon chips named preferred option for state AI projects
l 688041.SS|Hygon processors get priority in new state procurement guidelines
s NVDA|英伟达H20被叫停采购 多家大厂已收到通知
s AMD|AMD芯片遭国有数据中心“拉黑”
s MU|美光被要求在30日内提交安全整改报告
s QCOM|高通被认定滥用市场支配地位
s NVDA|英伟达芯片被列为重点查验对象
l NVDA|英伟达H20获准重新进入国内市场
l 688256.SS|寒武纪被列入政府优先采购名录
q -|Is Nvidia overvalued? Analysts debate as shares hit record
q -|"China remains a key market": Micron CEO
q -|Nvidia, which reports earnings next week, is expected to post record revenue
q -|英伟达被评为年度最佳雇主
q -|美光被纳入MSCI中国指数成分股调整名单
q -|Qualcomm named official chip partner of Chinese EV maker
'''),
    ('y', '2045-01-06', '''\
s NVDA|Chinese border officials tighten screening of Nvidia GPU imports
s NVDA|Customs in Shenzhen intercept shipments of Nvidia H20 chips lacking paperwork
s AMD|China customs flags AMD accelerators for extra inspection
s NVDA|海关加大对进口英伟达芯片的抽检力度
s NVDA|深圳海关查扣一批未申报英伟达显卡
s NVDA|China orders data centres to switch off Nvidia clusters handling sensitive workloads
s AMD|New Chinese rules keep AMD chips out of publicly funded AI computing centres
s NVDA|国家数据局：公共算力平台禁止接入英伟达GPU
s INTC|政务云平台全面清退英特尔芯片
l NVDA|Chinese internet giants scramble for Nvidia H20 as supply tightens before curbs
l NVDA|国内云厂商加急下单英伟达H20 赶在禁令生效前
l NVDA|ByteDance snaps up Nvidia chips in $2 billion buying spree
s NVDA|China restricts exports of rare earth magnets to US chip firms
s NVDA|中方宣布对镓、锗实施出口许可管理
s NVDA|China bans antimony shipments to the US in escalation of chip war
s NVDA|US expands chip export curbs to cover Nvidia's H20
s AMD|Commerce Department adds AMD's MI308 to list of controlled items
s NVDA|美国商务部工业和安全局更新出口管制规则 英伟达H20受限
s INTC|美国政府吊销英特尔向华为出口芯片的许可证
l NVDA|Commerce quietly issues licences for Nvidia H20 shipments to China
l AMD|美方批准AMD恢复对华供货
q -|Chinese customs data show chip imports rose in November
q -|海关总署：前11个月进出口总值同比增长
q -|US Commerce Secretary to visit Beijing next month
q -|Nvidia to build new Shanghai R&D centre
q -|China's gallium output hits record
q -|ByteDance denies it is stockpiling Nvidia chips
q -|字节跳动否认囤积英伟达芯片
'''),
    ('z', '2046-01-08', '''\
q -|Nvidia's stock price falls as investors take profits; China market outlook unclear
q -|China's state media praises Huawei's new Ascend chip
q -|Chinese regulators approve new batch of video games
q -|Beijing lifts COVID-era restrictions on foreign visitors
q -|China's customs data show record exports of EVs
q -|Micron cuts capex, shares drop 5% in Shanghai-listed peers
q -|Nvidia partners with Chinese carmaker on autonomous driving chips
q -|Former Intel executive joins Chinese chip startup
q -|Qualcomm settles patent dispute with Chinese phone maker
q -|AMD denies report it will exit China market
q -|Cambricon shares slump after earnings miss
q -|Hygon shares fall as lockup expires
q -|SMIC posts lower quarterly profit on weaker demand
q -|英伟达股价下跌 市场担忧需求放缓
q -|分析师：禁令风险已计入英伟达股价
q -|美光科技下调全年业绩指引
q -|高通与小米续签专利授权协议
q -|海关总署：集成电路进口额同比下降
q -|寒武纪股东减持计划公告
q -|国务院常务会议研究部署稳就业工作
q -|商务部：中美经贸团队将举行新一轮磋商
q -|英特尔宣布裁员计划
q -|中国政府采购网发布服务器采购公告
q -|AMD CEO Lisa Su says China demand remains solid despite curbs
q -|Intel wins contract to supply chips to Chinese PC maker Lenovo
q -|Nvidia says US export rules will not affect guidance
q -|"We comply with all Chinese laws," Micron says
s NVDA|China's market regulator fines Nvidia for breaching merger conditions
l 688256.SS|Beijing backs Cambricon with fresh state funding
s MU|中国对美光发起网络安全审查
l QCOM|中国市场监管总局无条件批准高通收购案
'''),
    ('aa', '2047-01-08', '''\
s NVDA|SCMP: Chinese regulators instruct tech firms to run security audits on Nvidia chips already installed
s AMD|Caixin: China's finance ministry leaves AMD off list of eligible suppliers for government PCs
s MU|Nikkei: Chinese state banks begin phasing out Micron memory in core systems
s INTC|China's cybersecurity watchdog says Intel chips pose 'serious risks', recommends review
s QCOM|SAMR says Qualcomm's acquisition broke the law, opens formal case
s NVDA|China to require security certification for all imported AI chips, Nvidia first in line
s NVDA|Nvidia's China sales stall as authorities slow-walk import approvals
l NVDA|China approves first batch of Nvidia H200 import licences
l MU|China ends Micron review, says products meet security standards
l 688256.SS|China's new AI plan names Cambricon among national champions
l 0981.HK|SMIC gets state backing for $5 billion advanced-node push
s NVDA|界面新闻：网信办约谈英伟达后 多家互联网企业暂停H20采购计划
s AMD|21世纪经济报道：多地国资云明确不再采购AMD服务器芯片
s MU|财联社：美光产品被部分省份移出政府采购清单
s QCOM|第一财经：高通反垄断案进入立案调查阶段
s INTC|澎湃新闻：央企服务器采购招标排除英特尔
l NVDA|财新：英伟达H20对华出口许可获批 首批订单已交付
l 688041.SS|证券时报：海光CPU入选党政机关采购目录 订单有望放量
l 688256.SS|中国证券报：国家集成电路产业投资基金拟增持寒武纪
q -|SCMP: Nvidia's Jensen Huang visits Shenzhen suppliers
q -|Caixin: Chinese chip stocks rally on AI optimism
q -|界面新闻：英伟达中国区负责人变动
q -|21世纪经济报道：国产AI芯片迎来发展机遇期
q -|财联社：美光科技股价创年内新高
q -|Nikkei: Japan tightens chip export rules on China
q -|第一财经：高通发布新一代汽车芯片平台
'''),
    ('bb', '2048-01-08', '''\
s NVDA|Beijing turns up the heat on Nvidia with fresh security demands
s AMD|AMD caught in crossfire as China retaliates against US chip curbs
s MU|Micron feels the chill as Chinese buyers are warned off its chips
s INTC|Intel gets the cold shoulder from China's state-owned telcos
s QCOM|Qualcomm slapped with antitrust penalty in China
s NVDA|Nvidia H20 purchases put on ice after Beijing summons firms
s NVDA|China quietly tells cloud firms to stop bringing in Nvidia's gaming GPUs
s AMD|Chinese state buyers told AMD chips are off the table
l NVDA|Beijing gives the all-clear for Nvidia H20 purchases
l MU|China eases up on Micron as trade talks make progress
l 688256.SS|Cambricon lands big state order for national AI computing network
l 688041.SS|Beijing throws its weight behind Hygon in push for chip independence
s NVDA|中国官方喊话：英伟达必须自证清白
s MU|美光在华业务再遭打击 关基运营者被要求全面排查
s AMD|有关部门已约见AMD中国高管
s INTC|英特尔被踢出政府采购名单
s QCOM|高通反垄断调查结果出炉 拟处以重罚
l NVDA|英伟达H20重获中国市场“入场券”
l 688256.SS|国家队出手 寒武纪获大基金加持
l 688041.SS|海光信息获政府采购青睐
q -|Nvidia feels the heat from rising competition in China
q -|Intel gets cold shoulder from investors after weak guidance
q -|英伟达在华市场份额受到国产芯片冲击
q -|寒武纪获机构调研 股价走强
q -|Beijing gives the all-clear for foreign firms' IPOs in Hong Kong
'''),
    ('cc', '2049-01-08', '''\
s NVDA|监管出手！英伟达H20在华采购按下“暂停键”
s AMD|AMD在华遇冷 多家国企悄然撤单
s MU|美光产品被曝存在重大安全缺陷 网信办介入
s INTC|英特尔芯片退出政府采购“白名单”
s QCOM|高通垄断案尘埃落定 被罚超10亿元
s NVDA|英伟达H20“后门”疑云未消 监管部门再次问询
s NVDA|国产替代加速 央企被要求三年内清零英伟达GPU
s AMD|商务部对AMD相关芯片发起反倾销立案
s MU|美光中国区销售受限 关键行业客户被劝退
s NVDA|海关严打“水客”夹带英伟达芯片入境
s INTC|国家保密局：涉密单位禁用英特尔处理器
s NVDA|英伟达遭约谈后 国内互联网大厂纷纷“捂紧钱袋”
l NVDA|利好！监管层松口 英伟达H20恢复供货
l MU|美光获“解禁” 可重新参与关基项目
l QCOM|高通收购案获监管层放行
l 688256.SS|寒武纪再获政策加码 国产算力迎来风口
l 688041.SS|海光入围信创“国家队” 订单预期大增
l 688981.SS|中芯国际获国资重金加注
q -|英伟达发布新一代游戏显卡 国内售价公布
q -|美光科技中国工厂扩产项目投产
q -|高通中国区总裁：继续深耕中国市场
q -|海光信息召开业绩说明会
q -|寒武纪回应股价异动：经营正常
q -|中芯国际：产能利用率维持高位
'''),
    ('dd', '2050-01-10', '''\
s NVDA|Beijing summons Nvidia's China chief as scrutiny of H20 deepens
s NVDA|China widens crackdown on Nvidia chip smuggling via Southeast Asia
s AMD|Chinese authorities launch inquiry into AMD over alleged data leaks
s MU|China's telecom regulator orders carriers to audit Micron components
s INTC|Intel faces Chinese probe over alleged dumping of CPUs
s QCOM|China's competition authority raids Qualcomm offices in Shanghai
s NVDA|Chinese data centres ordered to report Nvidia chip inventories
s NVDA|Beijing tells local governments to stop subsidising Nvidia-based computing
s AMD|China adds AMD to list of firms under heightened scrutiny
s MU|China warns domestic firms against relying on Micron memory
l NVDA|China ends probe into Nvidia's Mellanox deal
l AMD|Beijing clears the way for AMD chip sales to resume
l 688256.SS|China orders telecom giants to deploy Cambricon accelerators at scale
l 688041.SS|State-owned banks told to move core systems onto Hygon processors
l 0981.HK|Beijing pledges multibillion-yuan support package for SMIC
l MU|Micron allowed back into China's critical infrastructure market
q -|Chinese regulators approve Nvidia's annual filing in Shanghai subsidiary
q -|Nvidia's China head steps down
q -|Micron to invest $600 million in Xi'an packaging plant
q -|AMD's Chinese joint venture posts record revenue
q -|Qualcomm says Chinese smartphone demand recovering
q -|Intel to cut prices of CPUs in China amid competition
'''),
    ('ee', '2051-01-10', '''\
s NVDA|商务部新闻发言人就英伟达相关问题答记者问：将依法依规处理
s NVDA|工信部约谈英伟达 要求其落实网络安全主体责任
s AMD|国家市场监督管理总局决定对AMD公司开展反垄断调查
s MU|关键信息基础设施运营者采购美光产品须通过安全审查
s INTC|中国计算机行业协会发布倡议：慎用英特尔产品
s QCOM|商务部：对原产于美国的高通芯片启动反补贴调查
s NVDA|网信办：英伟达H20存在漏洞 建议用户停用
s NVDA|国内头部云厂商已陆续停止部署英伟达H20集群
s NVDA|英伟达对华特供芯片遭冷遇 监管不鼓励采购
s AMD|财政部、工信部：政府采购将逐步剔除AMD产品
l NVDA|商务部：将为外资企业包括英伟达提供更好的营商环境 采购限制有望松动
l MU|美光获得网络安全审查通过 可继续在华销售
l 688256.SS|多部委力挺国产AI芯片 寒武纪获多项政策支持
l 688041.SS|海光获国资委点名支持
q -|英伟达回应：将继续遵守中国法律法规
q -|外交部：中方反对美方滥用出口管制
q -|商务部：中美双方同意延长关税休战
q -|寒武纪：公司经营情况正常 不存在应披露未披露信息
'''),
    ('ff', '2052-01-10', '''\
s NVDA|EXCLUSIVE-China's cyber regulator to bar Nvidia chips from critical infrastructure, sources say
s NVDA|CHINA'S MIIT TELLS TELECOM OPERATORS TO SHUN NVIDIA IN NEW 5G CORE BUILDS - SOURCES
s AMD|UPDATE 2-China escalates chip feud, targets AMD with dumping probe
s MU|BREAKINGVIEWS-China's Micron ban is a warning shot
s INTC|China's top planner blocks Intel chips in new state computing hubs -sources
s QCOM|China fines Qualcomm $975 mln in antitrust case - Xinhua
l NVDA|China OKs Nvidia chip imports after US deal - FT
l 688256.SS|China to funnel funds to Cambricon, other AI chip firms - Bloomberg News
l 688041.SS|CHINA STATE AGENCIES TO FAVOUR HYGON CPUS, SOURCES SAY
l MU|China lifts Micron restrictions - state media
s NVDA|Beijing tells tech giants: no more Nvidia H20 orders
s NVDA|China's Nvidia crackdown: what we know
s AMD|China said to curb AMD sales to state firms
q -|FACTBOX-What Nvidia makes in China
q -|ANALYSIS-Can China's chipmakers replace Nvidia?
q -|China's MIIT says no ban on foreign chips under consideration
q -|Nvidia CEO: no talks with Chinese regulators on H20
'''),
    ('gg', '2053-01-10', '''\
s NVDA|路透独家：中国拟全面限制英伟达芯片在关键领域使用
s NVDA|彭博：北京要求国内科技企业说明购买英伟达H20的必要性
s AMD|华尔街日报：中国监管机构暗中劝阻企业采购AMD芯片
s MU|金融时报：中国电信运营商奉命弃用美光内存
s INTC|日经：中国政府机关电脑加速淘汰英特尔处理器
s QCOM|路透：中国反垄断机构对高通开出巨额罚单
s NVDA|英伟达H20在华“失宠” 监管层口头要求暂停订购
s NVDA|网信办约谈英伟达中国区负责人 就“追踪”功能作出说明
s AMD|AMD遭中方反倾销调查 涉及多款处理器
s MU|美光在华风波再起：又有省份禁止采购其产品
l NVDA|彭博：中国允许部分企业继续采购英伟达H20
l QCOM|市场监管总局：高通案审查结束 未发现违法行为
l 688256.SS|路透：中国将为采用寒武纪芯片的数据中心提供补贴
l 688041.SS|日经：北京推动政府机构改用海光服务器
l 0981.HK|彭博：国家大基金三期将重点投资中芯国际
q -|彭博：英伟达市值再创新高
q -|路透：美光预计下季度营收增长
q -|日经：高通与中国车企深化合作
'''),
]
INSTRUMENTS = ['NVDA', 'AMD', 'MU', 'INTC', 'QCOM', '688256.SS', '688041.SS', '0981.HK', '688981.SS',
               'SOXX', '000688.SS', 'HSTECH.HK']
US = {'NVDA', 'AMD', 'MU', 'INTC', 'QCOM'}
CN = {'688256.SS', '688041.SS', '0981.HK', '688981.SS'}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    heads, labels, prices = [], [], []
    for prefix, first, text in ROUNDS:
        start = datetime.datetime.strptime(first, '%Y-%m-%d')
        for i, line in enumerate(l for l in text.splitlines() if l.strip()):
            kind_inst, headline = line.split('|', 1)
            kind, inst = kind_inst.split()
            hid = f'{prefix}-{i:03d}'
            day = start + datetime.timedelta(days=i)
            lang = 'zh' if any('\u4e00' <= c <= '\u9fff' for c in headline) else 'en'
            heads.append({'id': hid, 'ts': day.strftime('%Y-%m-%dT14:00:00Z'), 'source': 'Reuters',
                          'headline': headline, 'lang': lang})
            expect = [] if kind == 'q' else [
                {'instrument': inst, 'direction': 'short' if kind == 's' else 'long'}]
            if inst == '0981.HK':
                expect.append({'instrument': '688981.SS', 'direction': 'long'})
            if inst == '688981.SS':
                expect.append({'instrument': '0981.HK', 'direction': 'long'})
            labels.append({'headline_id': hid, 'family': 'probe', 'template_family': 'probe_' + lang,
                           'split': 'probe', 'expect': expect})
            move = {e['instrument']: 0.04 if e['direction'] == 'long' else -0.04 for e in expect}
            if not expect:
                move = {s: -0.04 for s in US}
                move.update({s: 0.04 for s in CN})
            for k in range(16):
                t = day + datetime.timedelta(hours=13, minutes=30 + 10 * k)
                f = 0 if k < 3 else min(1, (k - 2) / 3)
                for s in INSTRUMENTS:
                    prices.append({'sym': s, 'ts': t.strftime('%Y-%m-%dT%H:%M:%SZ'),
                                   'price': round(100 * (1 + move.get(s, 0.0) * f), 4), 'kind': 'trade'})
    def write(name, rows):
        with open(os.path.join(here, name), 'w', encoding='utf-8') as out:
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False) + '\n')
    write('headlines.jsonl', heads)
    write('labels.jsonl', labels)
    write('prices.jsonl', prices)
    subprocess.run(['zstd', '-q', '-f', '--rm', '-19', os.path.join(here, 'prices.jsonl')], check=True)


if __name__ == '__main__':
    main()
