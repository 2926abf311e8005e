package names

import (
	"strings"
	"sync"
	"unicode"
)

// hanPinyin maps about 600 Han characters — the commonest Chinese surnames
// (simplified and traditional forms) and the characters most used in given
// names — to toneless Hanyu Pinyin. It is deliberately small: a character
// outside it is kept as itself, so two names written in Han still compare
// character by character, and a Latin spelling can only match the part of
// a Han name the table covers. Surnames take their surname reading
// (单 shan, 曾 zeng, 朴 piao). Japanese kanji get their Chinese reading,
// which is rarely how a Japanese name is romanized.
const hanPinyinData = `
王wang 李li 张zhang 張zhang 刘liu 劉liu 陈chen 陳chen 杨yang 楊yang 黄huang 黃huang
赵zhao 趙zhao 吴wu 吳wu 周zhou 徐xu 孙sun 孫sun 马ma 馬ma 朱zhu 胡hu 郭guo 何he
林lin 高gao 罗luo 羅luo 郑zheng 鄭zheng 梁liang 谢xie 謝xie 宋song 唐tang 许xu 許xu
韩han 韓han 冯feng 馮feng 邓deng 鄧deng 曹cao 彭peng 曾zeng 肖xiao 萧xiao 蕭xiao
田tian 董dong 潘pan 袁yuan 蔡cai 蒋jiang 蔣jiang 余yu 于yu 於yu 杜du 叶ye 葉ye
程cheng 魏wei 苏su 蘇su 吕lu 呂lu 丁ding 任ren 卢lu 盧lu 姚yao 沈shen 钟zhong
鍾zhong 鐘zhong 姜jiang 崔cui 谭tan 譚tan 陆lu 陸lu 范fan 範fan 汪wang 廖liao
石shi 金jin 韦wei 韋wei 贾jia 賈jia 夏xia 付fu 傅fu 方fang 邹zou 鄒zou 熊xiong
白bai 孟meng 秦qin 邱qiu 侯hou 江jiang 尹yin 薛xue 闫yan 閆yan 段duan 雷lei
龙long 龍long 黎li 史shi 陶tao 贺he 賀he 毛mao 郝hao 顾gu 顧gu 龚gong 龔gong
邵shao 万wan 萬wan 覃qin 武wu 钱qian 錢qian 戴dai 严yan 嚴yan 莫mo 孔kong
向xiang 常chang 汤tang 湯tang 康kang 易yi 乔qiao 喬qiao 赖lai 賴lai 文wen 施shi
洪hong 辛xin 柯ke 庄zhuang 莊zhuang 温wen 溫wen 牛niu 樊fan 葛ge 邢xing 安an
齐qi 齊qi 伍wu 颜yan 顏yan 倪ni 殷yin 包bao 翁weng 聂nie 聶nie 关guan 關guan
欧ou 歐ou 阳yang 陽yang 司si 上shang 官guan 诸zhu 諸zhu 皇huang 甫fu 令ling
狐hu 习xi 習xi 朴piao 岳yue 鲁lu 魯lu 俞yu 梅mei 季ji 柴chai 靳jin 祝zhu 甘gan
骆luo 駱luo 蒙meng 单shan 單shan 车che 車che 游you 宁ning 寧ning 艾ai 符fu
冉ran 焦jiao 窦dou 竇dou 卓zhuo 童tong 左zuo 鲍bao 鮑bao 谷gu 房fang 裴pei
商shang 祁qi 华hua 華hua 滕teng 纪ji 紀ji 舒shu 屈qu 项xiang 項xiang 闵min
閔min 霍huo 申shen 盛sheng 井jing 耿geng 柳liu 管guan 蓝lan 藍lan 尚shang
路lu 郁yu 蔺lin 藺lin 凌ling 杭hang 卫wei 衛wei 邝kuang 鄺kuang 麦mai 麥mai
冼xian 巫wu 薄bo 栗li 邬wu 鄔wu 芦lu 蘆lu 宫gong 宮gong 连lian 連lian 俞yu
平ping 近jin 国guo 國guo 明ming 伟wei 偉wei 建jian 军jun 軍jun 强qiang
強qiang 勇yong 杰jie 傑jie 涛tao 濤tao 斌bin 超chao 辉hui 輝hui 刚gang
剛gang 健jian 波bo 宇yu 浩hao 鹏peng 鵬peng 磊lei 亮liang 峰feng 飞fei
飛fei 鑫xin 东dong 東dong 海hai 洋yang 新xin 春chun 秋qiu 冬dong 光guang
宏hong 红hong 紅hong 志zhi 忠zhong 德de 正zheng 清qing 福fu 寿shou 壽shou
庆qing 慶qing 祥xiang 瑞rui 荣rong 榮rong 贵gui 貴gui 富fu 民min 生sheng
成cheng 永yong 长chang 長chang 泽ze 澤ze 恩en 来lai 來lai 小xiao 大da
天tian 云yun 雲yun 雨yu 雪xue 风feng 風feng 山shan 水shui 玉yu 银yin 銀yin
宝bao 寶bao 珠zhu 美mei 丽li 麗li 秀xiu 英ying 芳fang 燕yan 娟juan 敏min
静jing 靜jing 婷ting 霞xia 兰lan 蘭lan 琳lin 玲ling 萍ping 凤feng 鳳feng
洁jie 潔jie 慧hui 佳jia 欣xin 怡yi 雅ya 倩qian 晶jing 莉li 艳yan 艷yan 丹dan
琴qin 颖ying 穎ying 露lu 瑶yao 瑤yao 娜na 妮ni 晓xiao 曉xiao 晨chen 日ri
月yue 星xing 辰chen 晖hui 暉hui 昊hao 俊jun 凯kai 凱kai 博bo 彬bin 帅shuai
帥shuai 松song 柏bai 森sen 树shu 樹shu 仁ren 义yi 義yi 礼li 禮li 智zhi 信xin
孝xiao 良liang 善shan 和he 顺shun 順shun 利li 兴xing 興xing 旺wang 发fa
發fa 财cai 財cai 家jia 振zhen 中zhong 兵bing 延yan 毅yi 奇qi 锋feng 鋒feng
亚ya 亞ya 梓zi 子zi 涵han 轩xuan 軒xuan 睿rui 哲zhe 思si 诗shi 詩shi 梦meng
夢meng 琪qi 紫zi 一yi 二er 三san 四si 五wu 六liu 七qi 八ba 九jiu 十shi
百bai 千qian 元yuan 君jun 伦lun 倫lun 泉quan 河he 湖hu 源yuan 鸿hong 鴻hong
鸣ming 鳴ming 声sheng 聲sheng 祖zu 宗zong 先xian 世shi 继ji 繼ji 承cheng
启qi 啟qi 达da 達da 通tong 泰tai 立li 彦yan 岩yan 峻jun 崇chong 嘉jia
耀yao 胜sheng 勝sheng 昌chang 隆long 景jing 晋jin 晉jin 伯bo 仲zhong 叔shu
淑shu 惠hui 贤xian 賢xian 琼qiong 瓊qiong 桂gui 菊ju 莲lian 蓮lian 荷he
花hua 草cao 竹zhu 鹤he 鶴he 麟lin 虎hu 豹bao 锦jin 錦jin 克ke 镕rong 鎔rong
基ji 邦bang 怀huai 懷huai 少shao 岐qi 熙xi 计ji 計ji 划hua 劃hua 政zheng
才cai 战zhan 戰zhan 书shu 書shu 乐le 樂le 际ji 際ji 希xi 尧yao 堯yao 舜shun
禹yu 荀xun 墨mo 非fei 汉han 漢han 本ben 藤teng 佐zuo 木mu 村cun 川chuan
原yuan 野ye 口kou 岛dao 島dao 市shi 早zao 苗miao 倍bei 岸an 雄xiong 菅jian
首shou 相xiang 主zhu 席xi 总zong 總zong 理li 委wei 员yuan 員yuan 会hui
會hui 党dang 黨dang 人ren 公gong 司si 集ji 团tuan 團tuan 有you 限xian
银yin 行xing 油you 气qi 氣qi 电dian 電dian 力li 能neng 源yuan 科ke 技ji
贸mao 貿mao 易yi 工gong 业ye 業ye 实shi 實shi 投tou 资zi 資zi 控kong
股gu 份fen 责ze 責ze 任ren 航hang 运yun 運yun 船chuan 舶bo 港gang 香xiang
澳ao 台tai 湾wan 灣wan 京jing 沪hu 滬hu 深shen 圳zhen 广guang 廣guang 州zhou
北bei 南nan 西xi 省sheng 华hua 亿yi 億yi 鼎ding 盈ying 恒heng 恆heng 鸿hong
俊jun 峰feng 伊yi 丽li 雯wen 薇wei 蕾lei 璐lu 婉wan 琦qi 璇xuan 瑾jin
佩pei 珊shan 娇jiao 嬌jiao 媛yuan 姗shan 妍yan 婧jing 菲fei 蓉rong 芬fen
桃tao 杏xing 萌meng 灵ling 靈ling 悦yue 悅yue 乐le 欢huan 歡huan 笑xiao
宁ning 安an 康kang 健jian 楠nan 桐tong 柯ke 杉shan 榕rong 岚lan 嵐lan
巍wei 峥zheng 崢zheng 屹yi 岭ling 嶺ling 坤kun 培pei 城cheng 垣yuan 增zeng
金jin 钢gang 鋼gang 铁tie 鐵tie 铭ming 銘ming 锐rui 銳rui 钧jun 鈞jun
炎yan 焕huan 煥huan 炜wei 煒wei 烨ye 燁ye 灿can 燦can 煜yu 炳bing 熊xiong
涌yong 湧yong 润run 潤run 淳chun 渊yuan 淵yuan 溪xi 沛pei 沐mu 淼miao
汐xi 泓hong 浚jun 瀚han 航hang 舟zhou 帆fan 远yuan 遠yuan 道dao 遥yao
迪di 逸yi 进jin 進jin 运yun 迎ying 选xuan 選xuan 翔xiang 翰han 羽yu 鹰ying
鷹ying 雁yan 鸥ou 鷗ou 凤feng 麒qi 骏jun 駿jun 腾teng 騰teng 驰chi 馳chi
彪biao 威wei 武wu 勋xun 勳xun 功gong 勤qin 劲jin 勁jin 励li 勵li 勉mian
雷lei 震zhen 霖lin 霆ting 霄xiao 雯wen 露lu 霜shuang 雪xue 冰bing 凝ning
秉bing 稳wen 穩wen 积ji 積ji 穗sui 秀xiu 程cheng 稼jia 谷gu 穆mu 昭zhao
晴qing 暖nuan 旭xu 晟sheng 昕xin 昱yu 晗han 晔ye 曄ye 暄xuan 曦xi 映ying
春chun 夏xia 秋qiu 冬dong 朝chao 旦dan 旻min 昆kun 易yi 昂ang 昶chang
`

var hanPinyin = sync.OnceValue(func() map[rune]string {
	m := make(map[rune]string, 700)
	for _, f := range strings.Fields(hanPinyinData) {
		rs := []rune(f)
		if len(rs) < 2 {
			continue
		}
		m[rs[0]] = string(rs[1:])
	}
	return m
})

// hanVariants pairs simplified and traditional forms of the characters in
// hanPinyin (simplified first), so that 習近平 and 习近平 compare equal.
const hanVariantData = `
张張 刘劉 陈陳 杨楊 黄黃 赵趙 吴吳 孙孫 马馬 罗羅 郑鄭 谢謝 许許 韩韓 冯馮 邓鄧 萧蕭 蒋蔣 于於 叶葉 苏蘇 吕呂 卢盧
钟鍾 鍾鐘 谭譚 陆陸 范範 韦韋 贾賈 邹鄒 闫閆 龙龍 贺賀 顾顧 龚龔 万萬 钱錢 严嚴 汤湯 乔喬 赖賴 庄莊 温溫 齐齊 颜顏
聂聶 关關 欧歐 阳陽 诸諸 习習 鲁魯 骆駱 单單 车車 宁寧 窦竇 鲍鮑 华華 纪紀 项項 闵閔 蓝藍 蔺藺 卫衛 邝鄺 麦麥 邬鄔
芦蘆 宫宮 连連 国國 伟偉 军軍 强強 杰傑 涛濤 辉輝 刚剛 鹏鵬 飞飛 东東 红紅 寿壽 庆慶 荣榮 贵貴 长長 泽澤 来來 云雲
风風 银銀 宝寶 丽麗 静靜 兰蘭 凤鳳 洁潔 艳艷 颖穎 瑶瑤 晓曉 晖暉 凯凱 帅帥 树樹 义義 礼禮 顺順 兴興 发發 财財 锋鋒
亚亞 轩軒 诗詩 梦夢 伦倫 鸿鴻 鸣鳴 声聲 继繼 启啟 达達 胜勝 晋晉 贤賢 琼瓊 莲蓮 鹤鶴 锦錦 镕鎔 怀懷 计計 划劃 战戰
书書 乐樂 际際 尧堯 汉漢 岛島 总總 员員 会會 党黨 团團 气氣 电電 贸貿 业業 实實 资資 责責 运運 湾灣 沪滬 广廣 亿億
恒恆 娇嬌 灵靈 悦悅 欢歡 岚嵐 峥崢 岭嶺 钢鋼 铁鐵 铭銘 锐銳 钧鈞 焕煥 炜煒 烨燁 灿燦 涌湧 润潤 渊淵 远遠 进進 选選
鹰鷹 鸥鷗 骏駿 腾騰 驰馳 勋勳 劲勁 励勵 稳穩 积積 晔曄
`

var hanSimplified = sync.OnceValue(func() map[rune]rune {
	m := map[rune]rune{}
	for _, f := range strings.Fields(hanVariantData) {
		rs := []rune(f)
		base := rs[0]
		if b, ok := m[base]; ok {
			base = b
		}
		for _, r := range rs[1:] {
			m[r] = base
		}
	}
	return m
})

// translitHan emits one word per character: Chinese names are written
// without spaces but romanized syllable by syllable, and the scorer joins
// adjacent syllables when the other name writes them as one word.
func translitHan(run []rune, sn *scanner) {
	for _, r := range run {
		if classify(r) == scriptMark {
			continue
		}
		if p, ok := hanPinyin()[r]; ok {
			if b, ok := hanSimplified()[r]; ok {
				r = b
			}
			sn.emitText(p, string(r), scriptHan)
			continue
		}
		sn.emitRaw(unicode.ToLower(r))
	}
}
