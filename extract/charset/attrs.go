package charset

import "strings"

// parseAttrs reads the attributes of a tag from b (just after the tag name)
// up to the closing '>', returning lowercased names mapped to their values
// and the number of bytes consumed. Values are not entity-decoded: charset
// labels do not need it.
func parseAttrs(b []byte) (map[string]string, int) {
	attrs := make(map[string]string, 4)
	i := 0
	for i < len(b) {
		for i < len(b) && isSpaceOrSlash(b[i]) {
			i++
		}
		if i >= len(b) || b[i] == '>' {
			return attrs, min(i+1, len(b))
		}
		start := i
		for i < len(b) && b[i] != '=' && b[i] != '>' && !isSpaceOrSlash(b[i]) {
			i++
		}
		name := strings.ToLower(string(b[start:i]))
		for i < len(b) && isSpaceOrSlash(b[i]) && b[i] != '/' {
			i++
		}
		if i >= len(b) || b[i] != '=' {
			if _, seen := attrs[name]; !seen {
				attrs[name] = ""
			}
			continue
		}
		val, n := attrValue(b[i+1:])
		i += 1 + n
		if _, seen := attrs[name]; !seen {
			attrs[name] = val
		}
	}
	return attrs, i
}

// attrValue reads a quoted or unquoted attribute value after '='.
func attrValue(b []byte) (string, int) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	if i >= len(b) {
		return "", i
	}
	if q := b[i]; q == '"' || q == '\'' {
		end := i + 1
		for end < len(b) && b[end] != q {
			end++
		}
		v := string(b[i+1 : end])
		return v, min(end+1, len(b))
	}
	start := i
	for i < len(b) && b[i] != '>' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
		i++
	}
	return string(b[start:i]), i
}
