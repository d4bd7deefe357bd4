//! Mutations for the stable runner, in the spirit of libFuzzer's: byte
//! flips, truncations, insertions and deletions, splices with another
//! seed, repeated chunks, hostile tokens (huge numbers, invalid UTF-8 and
//! GBK, odd dates, quotes and delimiters), and for XML deep nesting,
//! repeated elements and replaced values. Everything is drawn from the
//! caller's seeded generator, so a run reproduces from its seed.

use rand::Rng;
use rand::rngs::StdRng;

/// Largest input produced (repeats stop growing past it).
pub const MAX_LEN: usize = 4 << 20;

/// Tokens worth inserting anywhere.
const TOKENS: &[&[u8]] = &[
    b"",
    b"0",
    b"-1",
    b"-0",
    b"99999999999999999999999999999999",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"18446744073709551616",
    b"1e308",
    b"1e-400",
    b"NaN",
    b"inf",
    b"-inf",
    b"1,234,567.89",
    b"1.234.567,89",
    b"\xc2\xa51,000",
    b"(1,000)",
    b"50%",
    b"2023-02-30",
    b"2023-13-01",
    b"0000-00-00",
    b"99999-12-31",
    b"1/1/0",
    b"31/12/1899",
    b"2958466",
    b"-693594",
    b"2023-03-15T25:61:61",
    b"\"",
    b"\"\"",
    b"\"a\"\"b",
    b",",
    b";",
    b"\t",
    b"|",
    b"\r",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xff",
    b"\xc3",
    b"\xe4\xb8",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x81",
    b"\x81\x30",
    b"\xc4\xe3\xba\xc3",
    b"\x84\x31\xa4\x39",
    b"\xe2\x80\xae",
    b"\xcc\x81\xcc\x81\xcc\x81",
    b"\xef\xbc\xa1\xef\xbd\x83\xef\xbd\x8d\xef\xbd\x85",
    b"=1+1",
    b"TRUE",
    b"#N/A",
];

/// Tokens for XML (MSPDI and the parts of a workbook).
const XML_TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>",
    b"&a;",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"&#xD800;",
    b"&#99999999999;",
    b"&unknown;",
    b"&",
    b"xmlns:x=\"\"",
    b" r=\"XFD1048577\"",
    b" r=\"A0\"",
    b" s=\"99999\"",
    b" t=\"s\"",
    b" t=\"d\"",
    b" t=\"e\"",
    b"PT8H0M0S",
    b"-PT8H0M0S",
    b"PT9999999999H0M0S",
    b"P1Y2M3DT4H5M6.7S",
    b"PT0.5H",
    b"1899-12-30T00:00:00",
    b"9999-12-31T23:59:59",
    b"0001-01-01T00:00:00",
    b"2003-02-31T08:00:00",
];

/// Values that replace an element's text in XML.
const HOSTILE_VALUES: &[&str] = &[
    "",
    "-1",
    "0",
    "-65535",
    "65536",
    "99999999999999999999",
    "9223372036854775807",
    "-9223372036854775808",
    "NaN",
    "1e308",
    "-PT8H0M0S",
    "PT9999999999H0M0S",
    "PT99999999H59M59S",
    "P9999999999D",
    "PT",
    "2003-02-31T08:00:00",
    "1899-12-31T00:00:00",
    "9999-12-31T23:59:59",
    "0000-00-00T00:00:00",
    "2003-02-30",
    "true",
    "x",
    "&#0;",
];

/// Applies one to four mutations to `input`; `others` are the other
/// seeds (for splices); `xml` adds the XML mutations.
pub fn mutate(rng: &mut StdRng, input: &[u8], others: &[&[u8]], xml: bool) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..rng.gen_range(1..=4) {
        let choice = rng.gen_range(0..if xml { 16 } else { 12 });
        match choice {
            0 => flip_bit(rng, &mut data),
            1 => set_byte(rng, &mut data),
            2 => truncate(rng, &mut data),
            3 => delete(rng, &mut data),
            4 | 5 => {
                let t = TOKENS[rng.gen_range(0..TOKENS.len())];
                insert(rng, &mut data, t);
            }
            6 => {
                let n = rng.gen_range(1..16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.r#gen()).collect();
                insert(rng, &mut data, &bytes);
            }
            7 => splice(rng, &mut data, others),
            8 => repeat(rng, &mut data),
            9 => replace_number(rng, &mut data),
            10 => duplicate_line(rng, &mut data),
            11 => {
                let t = TOKENS[rng.gen_range(0..TOKENS.len())];
                overwrite(rng, &mut data, t);
            }
            12 => {
                let t = XML_TOKENS[rng.gen_range(0..XML_TOKENS.len())];
                insert(rng, &mut data, t);
            }
            13 => nest(rng, &mut data),
            14 => repeat_element(rng, &mut data),
            _ => replace_value(rng, &mut data),
        }
        data.truncate(MAX_LEN);
    }
    data
}

fn position(rng: &mut StdRng, data: &[u8]) -> usize {
    rng.gen_range(0..=data.len())
}

fn flip_bit(rng: &mut StdRng, data: &mut [u8]) {
    if !data.is_empty() {
        let i = rng.gen_range(0..data.len());
        data[i] ^= 1 << rng.gen_range(0..8);
    }
}

fn set_byte(rng: &mut StdRng, data: &mut [u8]) {
    if !data.is_empty() {
        let i = rng.gen_range(0..data.len());
        data[i] = rng.r#gen();
    }
}

fn truncate(rng: &mut StdRng, data: &mut Vec<u8>) {
    let at = position(rng, data);
    data.truncate(at);
}

fn delete(rng: &mut StdRng, data: &mut Vec<u8>) {
    if data.is_empty() {
        return;
    }
    let start = rng.gen_range(0..data.len());
    let len = rng.gen_range(1..=(data.len() - start).min(256));
    data.drain(start..start + len);
}

fn insert(rng: &mut StdRng, data: &mut Vec<u8>, bytes: &[u8]) {
    let at = position(rng, data);
    data.splice(at..at, bytes.iter().copied());
}

fn overwrite(rng: &mut StdRng, data: &mut [u8], bytes: &[u8]) {
    if data.len() > bytes.len() {
        let at = rng.gen_range(0..data.len() - bytes.len());
        data[at..at + bytes.len()].copy_from_slice(bytes);
    }
}

/// Another seed's tail after a point of this one.
fn splice(rng: &mut StdRng, data: &mut Vec<u8>, others: &[&[u8]]) {
    if others.is_empty() {
        return;
    }
    let other = others[rng.gen_range(0..others.len())];
    let at = position(rng, data);
    let from = rng.gen_range(0..=other.len());
    data.truncate(at);
    data.extend_from_slice(&other[from..]);
}

/// A chunk repeated many times in place.
fn repeat(rng: &mut StdRng, data: &mut Vec<u8>) {
    if data.is_empty() {
        return;
    }
    let start = rng.gen_range(0..data.len());
    let len = rng.gen_range(1..=(data.len() - start).min(512));
    let times = [2, 10, 100, 1000][rng.gen_range(0..4)];
    let chunk = data[start..start + len].to_vec();
    let extra = chunk.repeat(times.min(MAX_LEN / len));
    data.splice(start..start, extra);
}

/// A run of digits replaced by a huge, negative or fractional number.
fn replace_number(rng: &mut StdRng, data: &mut Vec<u8>) {
    let digits: Vec<usize> = (0..data.len())
        .filter(|&i| data[i].is_ascii_digit() && (i == 0 || !data[i - 1].is_ascii_digit()))
        .collect();
    if digits.is_empty() {
        return;
    }
    let start = digits[rng.gen_range(0..digits.len())];
    let end = (start..data.len())
        .find(|&i| !data[i].is_ascii_digit())
        .unwrap_or(data.len());
    let number: &[u8] = [
        &b"99999999999999999999999"[..],
        b"4294967296",
        b"2147483648",
        b"65536",
        b"-1",
        b"0",
        b"1e309",
        b"0.0000000000000000001",
        b"340282366920938463463374607431768211456",
    ][rng.gen_range(0..9)];
    data.splice(start..end, number.iter().copied());
}

fn line_bounds(rng: &mut StdRng, data: &[u8]) -> Option<(usize, usize)> {
    let breaks: Vec<usize> = (0..data.len()).filter(|&i| data[i] == b'\n').collect();
    if breaks.len() < 2 {
        return None;
    }
    let k = rng.gen_range(0..breaks.len() - 1);
    Some((breaks[k] + 1, breaks[k + 1] + 1))
}

fn duplicate_line(rng: &mut StdRng, data: &mut Vec<u8>) {
    if let Some((start, end)) = line_bounds(rng, data) {
        let line = data[start..end].to_vec();
        let times = rng.gen_range(1..50);
        data.splice(start..start, line.repeat(times));
    }
}

/// Positions of `<name` (opening tags).
fn opening_tags(data: &[u8]) -> Vec<usize> {
    (0..data.len().saturating_sub(1))
        .filter(|&i| data[i] == b'<' && data[i + 1].is_ascii_alphabetic())
        .collect()
}

fn tag_name(data: &[u8], at: usize) -> Vec<u8> {
    data[at + 1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b':' || **b == b'_')
        .copied()
        .collect()
}

/// Elements nested very deep at a tag boundary, closed or not.
fn nest(rng: &mut StdRng, data: &mut Vec<u8>) {
    let tags = opening_tags(data);
    let at = if tags.is_empty() {
        position(rng, data)
    } else {
        tags[rng.gen_range(0..tags.len())]
    };
    let name: &[u8] = if tags.is_empty() || rng.gen_bool(0.5) {
        b"a"
    } else {
        &tag_name(data, at).clone()
    };
    let depth = [10, 33, 100, 1_000, 50_000][rng.gen_range(0..5)];
    let mut open = Vec::new();
    for _ in 0..depth {
        open.push(b'<');
        open.extend_from_slice(name);
        open.push(b'>');
    }
    if rng.gen_bool(0.5) {
        for _ in 0..depth {
            open.extend_from_slice(b"</");
            open.extend_from_slice(name);
            open.push(b'>');
        }
    }
    data.splice(at..at, open);
}

/// The element starting at a random tag, through its closing tag.
fn element(rng: &mut StdRng, data: &[u8]) -> Option<(usize, usize)> {
    let tags = opening_tags(data);
    if tags.is_empty() {
        return None;
    }
    let start = tags[rng.gen_range(0..tags.len())];
    let name = tag_name(data, start);
    let mut close = b"</".to_vec();
    close.extend_from_slice(&name);
    close.push(b'>');
    let end = data[start..]
        .windows(close.len())
        .position(|w| w == close.as_slice())?;
    Some((start, start + end + close.len()))
}

fn repeat_element(rng: &mut StdRng, data: &mut Vec<u8>) {
    if let Some((start, end)) = element(rng, data) {
        let chunk = data[start..end].to_vec();
        let times = [1, 2, 10, 200][rng.gen_range(0..4)];
        let extra = chunk.repeat(times.min(MAX_LEN / chunk.len().max(1)));
        if rng.gen_bool(0.2) {
            data.drain(start..end);
        } else {
            data.splice(end..end, extra);
        }
    }
}

/// The text of a leaf element (`<Name>text</Name>`) replaced by a
/// hostile value.
fn replace_value(rng: &mut StdRng, data: &mut Vec<u8>) {
    let leaves: Vec<(usize, usize)> = (0..data.len())
        .filter(|&i| data[i] == b'>')
        .filter_map(|i| {
            let end = data[i + 1..].iter().position(|&b| b == b'<')? + i + 1;
            (end > i + 1 && data.get(end + 1) == Some(&b'/')).then_some((i + 1, end))
        })
        .collect();
    if leaves.is_empty() {
        return;
    }
    let (start, end) = leaves[rng.gen_range(0..leaves.len())];
    let value = HOSTILE_VALUES[rng.gen_range(0..HOSTILE_VALUES.len())];
    data.splice(start..end, value.bytes());
}
