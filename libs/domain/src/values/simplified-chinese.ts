/**
 * Simplified characters common in company names, each with its Traditional form. Only
 * characters that Traditional text does not use are listed (not 台, 体, 里, 后, 干, 制, 云 …),
 * so a hit means the text was most likely written in Simplified Chinese. Not a converter:
 * it serves a warning (R-FORM-3 asks for Traditional Chinese).
 */
const PAIRS =
  '华華为為国國电電东東业業发發术術经經贸貿进進实實门門长長马馬汇匯开開关關产產际際设設备備务務' +
  '计計软軟团團责責质質车車药藥学學医醫疗療仪儀测測导導讯訊网網络絡数數码碼辉輝龙龍兴興达達联聯' +
  '创創维維视視声聲动動钢鋼铁鐵铝鋁银銀锂鋰环環气氣苏蘇沪滬厦廈庆慶宁寧辽遼贵貴陕陝湾灣阳陽厂廠' +
  '汉漢连連岛島宝寶鸿鴻亚亞欧歐总總区區县縣镇鎮乡鄉号號楼樓层層园園馆館厅廳处處办辦试試验驗检檢' +
  '杂雜报報纸紙织織纺紡线線缆纜统統储儲运運输輸递遞邮郵币幣资資财財贷貸险險证證书書图圖画畫话話' +
  '语語译譯装裝饰飾钟鐘钱錢铜銅锌鋅镍鎳钛鈦钨鎢钼鉬齐齊过過远遠选選将將韩韓乌烏兰蘭罗羅尔爾伦倫' +
  '纳納认認识識变變换換热熱灯燈炉爐烟煙摄攝显顯触觸键鍵盘盤优優众眾们們个個这這时時间間问問题題' +
  '应應对對历歷义義与與两兩严嚴丽麗举舉乐樂买買卖賣价價传傳伟偉侨僑债債内內说說观觀规規订訂记記' +
  '讲講货貨购購费費赛賽转轉轮輪载載辆輛边邊还還适適钻鑽铸鑄锻鍛镀鍍闭閉阀閥队隊阶階陆陸难難静靜' +
  '顺順领領频頻风風飞飛饮飲鱼魚鸟鳥麦麥黄黃齿齒龟龜';

const TRADITIONAL_OF: ReadonlyMap<string, string> = (() => {
  const chars = [...PAIRS];
  const map = new Map<string, string>();
  for (let i = 0; i < chars.length; i += 2) map.set(chars[i], chars[i + 1]);
  return map;
})();

/** The Simplified characters of `text` found in the list, each with its Traditional form: `华→華`. */
export function simplifiedCharacters(text: string): string[] {
  const found = new Set([...text].filter((char) => TRADITIONAL_OF.has(char)));
  return [...found].map((char) => `${char}→${TRADITIONAL_OF.get(char)}`);
}
