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
}
