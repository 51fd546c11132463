/**
 * Where a domicile may be: the districts of Dalian (GB/T 2260, STANDARDS.md §4) and the bonded area,
 * which has no GB/T 2260 code of its own (its registration authority's code, 210242, is used).
 */
export const DISTRICTS: readonly { code: string; en: string; zh: string }[] = [
  { code: '210242', en: 'Dalian Bonded Area and Free Trade Zone', zh: '大连保税区（自由贸易试验区）' },
  { code: '210202', en: 'Zhongshan District', zh: '中山区' },
  { code: '210203', en: 'Xigang District', zh: '西岗区' },
  { code: '210204', en: 'Shahekou District', zh: '沙河口区' },
  { code: '210211', en: 'Ganjingzi District', zh: '甘井子区' },
  { code: '210212', en: 'Lüshunkou District', zh: '旅顺口区' },
  { code: '210213', en: 'Jinzhou District', zh: '金州区' },
  { code: '210214', en: 'Pulandian District', zh: '普兰店区' },
  { code: '210224', en: 'Changhai County', zh: '长海县' },
  { code: '210281', en: 'Wafangdian City', zh: '瓦房店市' },
  { code: '210283', en: 'Zhuanghe City', zh: '庄河市' },
];

/** The administrative-division part a name may begin with (Decree 734, Art. 7). */
export const NAME_DIVISIONS: readonly string[] = ['大连', '大连市'];
