package docspace

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Cultures calls GET /api/2.0/settings/cultures: the languages the portal offers for
// invitation e-mails ("de", "en-US", "pt-BR", …), in the portal's order.
func (c *Client) Cultures(ctx context.Context) ([]string, error) {
	const (
		path = "/api/2.0/settings/cultures"
		op   = "reading the portal's languages"
	)
	var out []string
	if err := c.do(ctx, op, http.MethodGet, path, nil, nil, &out, true); err != nil {
		return nil, err
	}
	kept := out[:0]
	for _, s := range out {
		if s = strings.TrimSpace(s); s != "" {
			kept = append(kept, s)
		}
	}
	return kept, nil
}

// FindCulture returns the portal's spelling of code among cultures, matched without
// regard to case or "_" for "-" ("pt_br" is "pt-BR"); ok is false when it lists none.
func FindCulture(cultures []string, code string) (string, bool) {
	want := strings.ReplaceAll(strings.TrimSpace(code), "_", "-")
	for _, c := range cultures {
		if strings.EqualFold(c, want) {
			return c, true
		}
	}
	return "", false
}

// languageNames are the names, in their own language, of the cultures DocSpace
// offers; a code not listed is shown as itself.
var languageNames = map[string]string{
	"ar-sa": "العربية", "az": "Azərbaycan", "bg": "Български", "cs": "Čeština", "de": "Deutsch",
	"el-gr": "Ελληνικά", "en-gb": "English (UK)", "en-us": "English (US)", "es": "Español",
	"es-mx": "Español (México)", "fi": "Suomi", "fr": "Français", "hy-am": "Հայերեն", "it": "Italiano",
	"ja-jp": "日本語", "ko-kr": "한국어", "lo-la": "ລາວ", "lv": "Latviešu", "nl": "Nederlands",
	"pl": "Polski", "pt": "Português", "pt-br": "Português (Brasil)", "ro": "Română", "ru": "Русский",
	"si": "සිංහල", "sk": "Slovenčina", "sl": "Slovenščina", "sq-al": "Shqip", "sr-cyrl-rs": "Српски",
	"sr-latn-rs": "Srpski", "tr": "Türkçe", "uk-ua": "Українська", "vi": "Tiếng Việt", "zh-cn": "中文（简体）",
}

// LanguageName is how a culture code is shown: "Deutsch (de)", or the code alone.
func LanguageName(code string) string {
	if n, ok := languageNames[strings.ToLower(code)]; ok {
		return fmt.Sprintf("%s (%s)", n, code)
	}
	return code
}

// cultureList lists cultures for a problem saying which exist.
func cultureList(cultures []string) string {
	if len(cultures) == 0 {
		return "the portal lists none"
	}
	return "the portal's languages: " + strings.Join(cultures, ", ")
}
