//! Masking of personal data for public views (PIPL): `138****5678`, `张*`.

/// Masks a phone number, keeping the first three and last four digits.
/// Anything too short to mask safely is hidden entirely.
pub fn phone(number: &str) -> String {
    let mut digits: Vec<char> = number.chars().filter(|c| c.is_ascii_digit()).collect();
    // A mainland number written with its country code: +86 138 1234 5678.
    if digits.len() == 13 && digits.starts_with(&['8', '6']) {
        digits.drain(..2);
    }
    if digits.len() < 8 {
        return "****".to_owned();
    }
    let head: String = digits[..3].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// Masks an email address: the first character of the local part stays
/// (`zhang.san@example.cn` → `z***@example.cn`); anything else is hidden.
pub fn email(address: &str) -> String {
    match address.trim().split_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        _ => "***".to_owned(),
    }
}

/// Masks a personal name: the first character stays, each other becomes `*`
/// (`张三` → `张*`, `欧阳娜娜` → `欧***`, `Li Wei` → `L*****`).
pub fn name(full: &str) -> String {
    let mut chars = full.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

/// Text a resident wrote, for a public page: every number that could
/// identify a person becomes `*` of the same length. The one rule for
/// numbers in public text (issue 14), in two parts:
/// - a tight run of five or more digits (single spaces or dashes inside):
///   phone, ID, card and flat numbers written out;
/// - a looser group of seven or more digits, whatever separates them (wider
///   gaps, dots, brackets, `+86`) and whatever digit forms they use
///   (full-width, Chinese numerals as phone numbers are read aloud, other
///   Unicode digits), unless it reads as a date (`2026.11.29`).
///
/// Short numbers (`3号楼`, `晚上22点`, `70分贝`) stay.
pub fn free_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut hide = vec![false; chars.len()];
    mark_tight_runs(&chars, &mut hide);
    mark_loose_groups(&chars, &mut hide);
    chars
        .iter()
        .zip(&hide)
        .map(|(c, h)| if *h { '*' } else { *c })
        .collect()
}

/// The char index of the first character [`free_text`] hides, if any.
pub fn first_hidden(text: &str) -> Option<usize> {
    free_text(text)
        .chars()
        .zip(text.chars())
        .position(|(masked, original)| masked != original)
}

/// Largest number of separator characters between two digits of a group.
const MAX_GAP: usize = 12;

/// ASCII and full-width digits, the ones the tight rule knows.
fn plain_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Any character that stands for a digit in a number someone writes out.
fn any_digit(c: char) -> bool {
    plain_digit(c).is_some()
        // Chinese numerals, financial capitals, the forms used to read
        // numbers aloud (幺 1, 两 2, 拐 7, 勾 9, 洞 0) and place values.
        || "〇零一二三四五六七八九幺两拐勾洞壹贰叁肆伍陆柒捌玖拾佰仟十百千".contains(c)
        || (c.is_numeric() && !c.is_ascii())
}

/// Anything between two digits that is neither a letter nor a digit:
/// spaces of any width, punctuation and dash lookalikes, symbols, and the
/// invisible characters (zero-width, soft hyphen, marks) a number can be
/// smuggled through. Not the colon: it writes times (`22:30`).
fn separator(c: char) -> bool {
    (!c.is_alphanumeric() || c.is_whitespace()) && c != ':' && c != '：'
}

fn mark_tight_runs(chars: &[char], hide: &mut [bool]) {
    let mut i = 0;
    while i < chars.len() {
        if plain_digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let (mut j, mut digits, mut end) = (i, 0, i);
        let mut chunks: Vec<Vec<char>> = vec![Vec::new()];
        while j < chars.len() {
            if plain_digit(chars[j]).is_some() {
                digits += 1;
                if let Some(chunk) = chunks.last_mut() {
                    chunk.push(chars[j]);
                }
                j += 1;
                end = j;
            } else if (chars[j] == ' ' || chars[j] == '-')
                && chars.get(j + 1).and_then(|c| plain_digit(*c)).is_some()
            {
                chunks.push(Vec::new());
                j += 1;
            } else {
                break;
            }
        }
        if digits >= 5 && !reads_as_date(&chunks) {
            for (h, c) in hide[i..end].iter_mut().zip(&chars[i..end]) {
                *h = plain_digit(*c).is_some();
            }
        }
        i = end;
    }
}

fn mark_loose_groups(chars: &[char], hide: &mut [bool]) {
    let mut i = 0;
    while i < chars.len() {
        if !any_digit(chars[i]) {
            i += 1;
            continue;
        }
        // The group: digits, and gaps of at most MAX_GAP separators that
        // lead to another digit. `chunks` holds the digits between gaps.
        let mut chunks: Vec<Vec<char>> = vec![Vec::new()];
        let (mut j, mut end) = (i, i);
        while j < chars.len() {
            if any_digit(chars[j]) {
                if let Some(chunk) = chunks.last_mut() {
                    chunk.push(chars[j]);
                }
                j += 1;
                end = j;
                continue;
            }
            let gap = chars[j..].iter().take_while(|c| separator(**c)).count();
            if gap == 0 || gap > MAX_GAP || !chars.get(j + gap).is_some_and(|c| any_digit(*c)) {
                break;
            }
            chunks.push(Vec::new());
            j += gap;
        }
        let digits: usize = chunks.iter().map(Vec::len).sum();
        if digits >= 7 && !reads_as_date(&chunks) {
            for (h, c) in hide[i..end].iter_mut().zip(&chars[i..end]) {
                *h |= any_digit(*c);
            }
        }
        i = end;
    }
}

/// `2026.11.29`, `2026 11 29 22` (a time may follow): a year of the last
/// and this century, a month and a day, then at most two short numbers.
fn reads_as_date(chunks: &[Vec<char>]) -> bool {
    let value = |chunk: &[char]| -> Option<u32> {
        chunk
            .iter()
            .try_fold(0u32, |n, c| Some(n * 10 + plain_digit(*c)?))
    };
    let [year, month, day, rest @ ..] = chunks else {
        return false;
    };
    year.len() == 4
        && value(year).is_some_and(|y| (1900..2100).contains(&y))
        && (1..=2).contains(&month.len())
        && value(month).is_some_and(|m| (1..=12).contains(&m))
        && (1..=2).contains(&day.len())
        && value(day).is_some_and(|d| (1..=31).contains(&d))
        && rest.len() <= 2
        && rest.iter().all(|c| c.len() <= 2)
}

#[cfg(test)]
mod tests {
    #[test]
    fn phones() {
        assert_eq!(super::phone("13812345678"), "138****5678");
        assert_eq!(super::phone("+86 138-1234-5678"), "138****5678");
        assert_eq!(super::phone("12345"), "****");
    }

    #[test]
    fn emails() {
        assert_eq!(super::email("zhang.san@example.cn"), "z***@example.cn");
        assert_eq!(super::email("nonsense"), "***");
    }

    #[test]
    fn names() {
        assert_eq!(super::name("张三"), "张*");
        assert_eq!(super::name("欧阳娜娜"), "欧***");
        assert_eq!(super::name("张"), "张*");
        assert_eq!(super::name("  "), "");
    }

    /// Every way of writing a number that reaches a public page: what the
    /// resident typed, and what the public sees.
    const NUMBERS_IN_TEXT: &[(&str, &str)] = &[
        // Mobile numbers, however they are written.
        ("电话13955558888", "电话***********"),
        ("电话138 1234 5678，住3号楼", "电话*** **** ****，住3号楼"),
        ("139  5555  8888", "***  ****  ****"),
        ("139.5555.9999", "***.****.****"),
        ("139 - 5555 - 8888", "*** - **** - ****"),
        ("１３９５５５５８８８８", "***********"),
        ("１３９　５５５５　８８８８", "***　****　****"),
        ("+86 139 5555 8888", "+** *** **** ****"),
        ("(+86)13955558888", "(+**)***********"),
        ("0086-139-5555-8888", "****-***-****-****"),
        ("一三九五五五五八八八八", "***********"),
        ("幺三九 五五五五 八八八八", "*** **** ****"),
        ("139五五五五8888", "***********"),
        ("老板手机：139_5555_8888", "老板手机：***_****_****"),
        ("【139】5555【8888】", "【***】****【****】"),
        // Separators found by probing (issue 14): invisible characters,
        // dash lookalikes, Chinese punctuation, wide gaps, marks.
        ("139\u{200b}1234\u{200b}5678", "***\u{200b}****\u{200b}****"),
        ("139\u{feff}1234\u{2060}5678", "***\u{feff}****\u{2060}****"),
        ("139\u{ad}1234\u{180e}5678", "***\u{ad}****\u{180e}****"),
        ("139\u{2011}1234\u{2212}5678", "***\u{2011}****\u{2212}****"),
        ("139，1234，5678", "***，****，****"),
        ("139、1234。5678", "***、****。****"),
        ("139~1234|5678", "***~****|****"),
        ("139    1234    5678", "***    ****    ****"),
        (
            "1\u{301}3\u{20e3}9 1234 5678",
            "*\u{301}*\u{20e3}* **** ****",
        ),
        ("壹叁玖壹贰叁肆伍陆柒捌", "***********"),
        ("幺三九两两三四五六拐八", "***********"),
        // Landlines, with and without the area code.
        ("座机021-5999 1234", "座机***-**** ****"),
        ("(021)59991234", "(***)********"),
        ("5999.1234", "****.****"),
        // Identity numbers and other long numbers.
        ("身份证310114199001011234", "身份证******************"),
        // Short numbers and dates stay.
        ("住3号楼", "住3号楼"),
        ("晚上22点到2点", "晚上22点到2点"),
        ("22:00-06:00", "22:00-06:00"),
        ("噪声70.5分贝，白天60", "噪声70.5分贝，白天60"),
        ("2026.11.29 晚上", "2026.11.29 晚上"),
        ("2026.11.29 22", "2026.11.29 22"),
        ("2026年11月29日", "2026年11月29日"),
        ("一二楼之间", "一二楼之间"),
        ("3 . 5 . 7", "3 . 5 . 7"),
        ("拐弯处的洞口", "拐弯处的洞口"),
        ("晚上十一点到十二点", "晚上十一点到十二点"),
        ("3号楼和5号楼之间，22:30以后", "3号楼和5号楼之间，22:30以后"),
        ("每天22：00—06：00", "每天22：00—06：00"),
        ("2026-11-29 22:30", "2026-11-29 22:30"),
    ];

    #[test]
    fn numbers_in_free_text() {
        for (typed, public) in NUMBERS_IN_TEXT {
            assert_eq!(super::free_text(typed), *public, "{typed}");
        }
    }

    #[test]
    fn first_hidden_character() {
        assert_eq!(
            super::first_hidden("徐行镇联系电话13955556666小区门口"),
            Some(7)
        );
        assert_eq!(super::first_hidden("博乐路"), None);
    }
}
