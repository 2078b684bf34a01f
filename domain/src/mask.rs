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

/// Text a resident wrote, for the public board: every run of five or more
/// digits (phone numbers, ID numbers, door and flat numbers written out,
/// with spaces or dashes inside) becomes `*` of the same length, so
/// personal numbers never reach a public page.
pub fn free_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if is_digit(chars[i]) {
            // A run of digits, allowing single spaces or dashes between them.
            let mut j = i;
            let mut digits = 0;
            let mut end = i;
            while j < chars.len() {
                if is_digit(chars[j]) {
                    digits += 1;
                    j += 1;
                    end = j;
                } else if (chars[j] == ' ' || chars[j] == '-')
                    && chars.get(j + 1).is_some_and(|c| is_digit(*c))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if digits >= 5 {
                out.extend(
                    chars[i..end]
                        .iter()
                        .map(|c| if is_digit(*c) { '*' } else { *c }),
                );
            } else {
                out.extend(&chars[i..end]);
            }
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
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
    fn names() {
        assert_eq!(super::name("张三"), "张*");
        assert_eq!(super::name("欧阳娜娜"), "欧***");
        assert_eq!(super::name("张"), "张*");
        assert_eq!(super::name("  "), "");
    }

    #[test]
    fn numbers_in_free_text() {
        assert_eq!(
            super::free_text("电话138 1234 5678，住3号楼"),
            "电话*** **** ****，住3号楼"
        );
        assert_eq!(
            super::free_text("身份证310114199001011234"),
            "身份证******************"
        );
        assert_eq!(super::free_text("晚上22点到2点"), "晚上22点到2点");
        assert_eq!(super::free_text("１３８１２３４５６７８"), "***********");
    }
}
