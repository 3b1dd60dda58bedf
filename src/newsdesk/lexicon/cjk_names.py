"""Vocabulary for finding people in Chinese, Japanese and Korean text, which has no capitals and
(Chinese, Japanese) no spaces: the titles written next to a name, the common Chinese surnames, the
characters Chinese uses to transliterate foreign names, and the characters that never continue one.
Used by languages/names.py; general news vocabulary, not fitted to any set.
"""

from __future__ import annotations

# Chinese writes a title before the name ("总统马克龙", "外交部发言人汪文斌"), longest first when matched.
ZH_TITLES_BEFORE: tuple[str, ...] = tuple(sorted("""
国家主席 主席 总统 副总统 总理 副总理 首相 外长 外交部长 部长 国务卿 发言人 大使 秘书长 总书记 议长
市长 省长 州长 将军 董事长 总裁 首席执行官 主任 书记 司令 局长 委员长 总干事 行长 教练 队长 主教 教皇
国王 女王 王子 亲王 总督 参议员 众议员 议员 法官 检察官 律师 主持人 记者 专家 教授 博士 院士 委员
""".split(), key=len, reverse=True))
# ... and an honorific after it ("张伟先生"); offices come first in Chinese news, so only these.
ZH_TITLES_AFTER: tuple[str, ...] = tuple(sorted("先生 女士 小姐 教授 博士 院士".split(), key=len, reverse=True))
# Japanese writes the title after the name ("岸田首相", "バイデン大統領", "鈴木氏").
JA_TITLES_AFTER: tuple[str, ...] = tuple(sorted("""
首相 元首相 前首相 大統領 前大統領 副大統領 国家主席 主席 外相 国務長官 長官 大臣 官房長官 議長 議員 知事
市長 氏 さん 総裁 代表 社長 会長 監督 選手 教授 報道官 幹事長 委員長 総理 容疑者 被告 大使 国王 首脳
""".split(), key=len, reverse=True))
# Korean writes a title after the name, usually after a space ("윤석열 대통령").
KO_TITLES_AFTER: tuple[str, ...] = tuple(sorted("""
대통령 총리 장관 의원 대표 위원장 회장 씨 교수 대변인 시장 지사 국무장관 주석 총재 감독 선수
""".split(), key=len, reverse=True))
# Common Chinese surnames (simplified and traditional), single and double.
ZH_SURNAMES: frozenset[str] = frozenset("""
王 李 张 張 刘 劉 陈 陳 杨 楊 黄 黃 赵 趙 吴 吳 周 徐 孙 孫 马 馬 朱 胡 郭 何 林 高 罗 羅 郑 鄭 梁 谢 謝 宋 唐
许 許 韩 韓 冯 馮 邓 鄧 曹 彭 曾 肖 蕭 田 董 袁 潘 于 蒋 蔣 蔡 余 杜 叶 葉 程 苏 蘇 魏 吕 呂 丁 任 沈 姚 卢 盧
姜 崔 钟 鍾 谭 譚 陆 陸 汪 范 金 石 廖 贾 賈 夏 韦 韋 付 方 白 邹 鄒 孟 熊 秦 邱 江 尹 薛 闫 閻 段 雷 侯 龙 龍
史 陶 黎 贺 賀 顾 顧 毛 郝 龚 龔 邵 万 萬 钱 錢 严 嚴 覃 武 戴 莫 孔 向 汤 湯 习 習 温 溫 常 安 易 乔 喬 赖 賴
欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 东方 東方 皇甫 尉迟 公孙 令狐 慕容
""".split())
# Characters Chinese uses to write foreign names by sound ("泽连斯基", "布林肯", "内塔尼亚胡").
ZH_TRANSLITERATION: frozenset[str] = frozenset("""
阿 埃 艾 爱 安 昂 奥 巴 拜 班 邦 贝 本 比 彼 毕 波 伯 博 布 查 达 戴 丹 德 登 迪 蒂 丁 杜 多 厄 恩 尔 法 菲 费
芬 丰 冯 弗 福 富 盖 冈 戈 格 古 哈 海 汉 豪 赫 亨 胡 华 怀 霍 基 吉 加 京 贾 杰 金 卡 凯 坎 康 考 柯 科 克 肯 库
拉 莱 赖 兰 朗 劳 勒 雷 里 利 莉 连 列 林 琳 龙 卢 鲁 路 伦 罗 洛 马 玛 迈 麦 曼 梅 门 蒙 米 明 莫 姆 穆 纳 娜 奈
内 尼 妮 涅 宁 纽 努 诺 欧 帕 潘 佩 彭 皮 普 齐 奇 乔 琼 丘 让 瑞 若 萨 塞 赛 桑 森 沙 莎 尚 舍 什 圣 施 史 舒
斯 松 苏 索 塔 泰 坦 汤 唐 特 提 托 瓦 万 旺 威 韦 维 温 文 沃 乌 伍 西 希 锡 夏 谢 辛 休 雅 亚 扬 耶 伊 因 英
尤 约 泽 扎 詹 朱 茨 朔 东 茹 珀 恰 鲍 摩 默 翰 妥 夫 基 斯 娃 娅 顿 尔 瑟 伦 奇 莉
""".split())
# Characters that end a Chinese name where they follow it: verbs of saying and doing, particles,
# prepositions and time words ("马克龙表示", "李强在北京", "王毅周二").
ZH_NAME_STOPS: frozenset[str] = frozenset("""
说 表 称 指 透 宣 认 回 告 呼 在 于 对 向 从 与 和 及 同 跟 把 被 将 已 曾 也 还 又 再 就 都 是 的 地 得 了 着 过
周 日 月 年 今 昨 上 下 前 后 时 会 访 抵 出 发 致 等 率 则 却 并 但 而 即 所 为 以 因 由 自 给 让 令 请 应
""".split())
# Japanese: the last character of a word naming an office or a body, never a person ("自民党総裁").
JA_NOT_NAME_END: frozenset[str] = frozenset("党 省 庁 府 県 都 国 院 会 社 局 部 軍 市 町 村 州 界 団 協 側 内 外 両 同 各 新 現".split())


__all__ = ["JA_NOT_NAME_END", "JA_TITLES_AFTER", "KO_TITLES_AFTER", "ZH_NAME_STOPS", "ZH_SURNAMES", "ZH_TITLES_AFTER",
           "ZH_TITLES_BEFORE", "ZH_TRANSLITERATION"]
