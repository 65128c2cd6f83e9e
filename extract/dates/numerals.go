package dates

// digitValue is the value of one digit written as an ASCII digit or a
// Chinese numeral (〇 and its look-alikes ○, 零, Ｏ, O included), or -1.
func digitValue(r rune) int {
	switch r {
	case '〇', '○', '零', 'Ｏ', 'O', 'o', '0':
		return 0
	case '一', '1':
		return 1
	case '二', '2':
		return 2
	case '三', '3':
		return 3
	case '四', '4':
		return 4
	case '五', '5':
		return 5
	case '六', '6':
		return 6
	case '七', '7':
		return 7
	case '八', '8':
		return 8
	case '九', '9':
		return 9
	}
	return -1
}

// digitsValue reads a year written digit by digit (二〇二二, 2022), or -1.
func digitsValue(s string) int {
	n := 0
	for _, r := range s {
		d := digitValue(r)
		if d < 0 {
			return -1
		}
		n = n*10 + d
	}
	return n
}

// numeralValue reads a month or day: 三, 十, 十八, 二十, 二十八, 廿八, 卅一,
// 18, 〇三; -1 when it is not a number of at most two digits.
func numeralValue(s string) int {
	rs := []rune(s)
	tens, i := 0, 0
	switch {
	case len(rs) > 0 && rs[0] == '十':
		tens, i = 1, 1
	case len(rs) > 0 && rs[0] == '廿':
		tens, i = 2, 1
	case len(rs) > 0 && rs[0] == '卅':
		tens, i = 3, 1
	case len(rs) > 1 && rs[1] == '十':
		if tens = digitValue(rs[0]); tens < 1 {
			return -1
		}
		i = 2
	}
	if tens > 0 {
		switch len(rs) - i {
		case 0:
			return tens * 10
		case 1:
			if d := digitValue(rs[i]); d > 0 {
				return tens*10 + d
			}
		}
		return -1
	}
	if len(rs) > 2 {
		return -1
	}
	return digitsValue(s)
}
