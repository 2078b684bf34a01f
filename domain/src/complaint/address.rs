//! What of an address the public may see: the road or compound's name,
//! never a lane, door, building or flat number (DOMAIN.md §5, issue 3). A
//! Shanghai lane number (`588弄`) is a compound's address: on a noise
//! complaint about neighbours it narrows the complainant to a few hundred
//! households, so it goes too.

/// Markers that end the public part of a Chinese address: the number
/// before them identifies a door, building, unit, floor or flat.
const PRIVATE_MARKERS: [char; 9] = ['弄', '号', '室', '栋', '幢', '座', '单', '楼', '层'];

/// The public part of an address: everything before the first number that
/// is followed by a door/building/flat marker (`嘉定区博乐路123号` →
/// `嘉定区博乐路`; `清河路88弄5号601室` → `清河路`). An address with
/// digits but no marker keeps only the text before its first digit. Nor
/// does it ever show a number the public-text rule hides (a phone number
/// typed into the address): it ends before it.
pub fn public_part(address: &str) -> String {
    let chars: Vec<char> = address.trim().chars().collect();
    let mut cut = None;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() || ('０'..='９').contains(&chars[i]) {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ('０'..='９').contains(&chars[i])
                    || chars[i] == '-')
            {
                i += 1;
            }
            let next = chars[i..].iter().copied().find(|c| !c.is_whitespace());
            if next
                .is_none_or(|c| PRIVATE_MARKERS.contains(&c) || c.is_ascii_alphabetic() || c == '#')
            {
                cut = Some(start);
                break;
            }
        } else {
            i += 1;
        }
    }
    let mut end = cut.unwrap_or(chars.len());
    let before: String = chars[..end].iter().collect();
    if let Some(hidden) = crate::mask::first_hidden(&before) {
        end = hidden;
    }
    let kept: String = chars[..end].iter().collect();
    kept.trim_end_matches(|c: char| c.is_whitespace() || ",，、-".contains(c))
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::public_part;

    #[test]
    fn door_building_and_flat_numbers_never_show() {
        let cases = [
            ("嘉定区博乐路123号", "嘉定区博乐路"),
            ("清河路88弄5号601室", "清河路"),
            ("白银路588弄", "白银路"),
            ("曹安公路1234弄12支弄3号", "曹安公路"),
            ("南翔镇古猗园路 12 号", "南翔镇古猗园路"),
            ("安亭镇墨玉路185弄 3栋 2单元", "安亭镇墨玉路"),
            ("马陆镇某某小区7幢1201", "马陆镇某某小区"),
            ("城中路１８号", "城中路"),
            ("叶城路 1288", "叶城路"),
            ("新成路街道 菊园小区东门", "新成路街道 菊园小区东门"),
            ("Bole Road 123", "Bole Road"),
            ("徐行镇联系电话13955556666小区门口", "徐行镇联系电话"),
            ("城北路 139 5555 8888 对面", "城北路"),
            ("叶城路一三九五五五五八八八八", "叶城路"),
            ("曹安公路 电话139，1234，5678", "曹安公路 电话"),
            ("曹安公路 139\u{200b}1234\u{200b}5678", "曹安公路"),
            ("曹安公路壹叁玖壹贰叁肆伍陆柒捌号", "曹安公路"),
        ];
        for (full, public) in cases {
            assert_eq!(public_part(full), public, "{full}");
        }
    }
}
