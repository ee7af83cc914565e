package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/armband/armband/watch"
)

// A volunteers sheet (docs/formats.md section 10.4) is the list a
// community office keeps in Excel or WPS: one row per volunteer under a
// header row that names the columns in Chinese or English.

// sheetColumn is a column a volunteers sheet may have.
type sheetColumn struct {
	field   string   // the programme file's key
	headers []string // the header names it is known by (compared case-insensitively)
	zh, en  string   // the header export writes
}

var sheetColumns = []sheetColumn{
	{"id", []string{"编号", "队员编号", "id"}, "编号", "id"},
	{"name", []string{"姓名", "name"}, "姓名", "name"},
	{"birth_date", []string{"出生日期", "birth_date", "birth date"}, "出生日期", "birth_date"},
	{"phone", []string{"电话", "手机", "联系电话", "phone"}, "电话", "phone"},
	{"active", []string{"在岗", "是否在岗", "active"}, "在岗", "active"},
	{"availability", []string{"可巡逻时段", "可值勤时段", "availability"}, "可巡逻时段", "availability"},
	{"unavailable", []string{"不可值勤日期", "unavailable"}, "不可值勤日期", "unavailable"},
	{"max_hours_per_week", []string{"每周最多小时", "每周最多时数", "max_hours_per_week"}, "每周最多小时", "max_hours_per_week"},
}

// maxSheetRows bounds a sheet: far more volunteers than any programme has.
const maxSheetRows = 10_000

func init() {
	register(&command{
		name: "program import", args: "PROGRAM", nargs: 1, formats: []string{"json"},
		summary: "a programme file with its volunteers from a spreadsheet (CSV, UTF-8 or GB18030)",
		setup: func(fs *flag.FlagSet) runFunc {
			sheet := fs.String("volunteers", "", "the volunteers sheet, a CSV FILE (required)")
			encoding := fs.String("encoding", "auto", "the sheet's encoding: auto, utf-8 or gb18030")
			return func(e *env, args []string) int {
				if *sheet == "" {
					return e.missing("program import", "--volunteers")
				}
				pf, err := e.loadProgram(args[0])
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				vs, ignored, cellErr := readSheet(*sheet, *encoding)
				if len(ignored) > 0 {
					fmt.Fprintf(e.stderr, "armband program import: %s: %s\n", e.say("未用的列", "columns not used"), strings.Join(ignored, ", "))
				}
				if vs == nil && cellErr != nil {
					return e.inputError(displayName(*sheet), cellErr)
				}
				out, err := withVolunteers(pf, vs)
				if err = errors.Join(cellErr, err); err != nil {
					return e.inputError(displayName(*sheet), err)
				}
				if _, err := e.stdout.Write(out); err != nil {
					return e.inputError("", err)
				}
				return exitOK
			}
		},
	})
	register(&command{
		name: "program export", args: "PROGRAM", nargs: 1, formats: []string{"csv"},
		summary: "a programme's volunteers as a spreadsheet (CSV) that program import reads back",
		setup: func(fs *flag.FlagSet) runFunc {
			noBOM := fs.Bool("no-bom", false, "without the UTF-8 byte-order mark")
			fs.Bool("volunteers", true, "the volunteers (the only sheet there is)")
			return func(e *env, args []string) int {
				pf, err := e.loadProgram(args[0])
				if err != nil {
					return e.inputError(displayName(args[0]), err)
				}
				var buf bytes.Buffer
				writeSheet(&buf, pf.Volunteers, e.lang, !*noBOM)
				if _, err := e.stdout.Write(buf.Bytes()); err != nil {
					return e.inputError("", err)
				}
				return exitOK
			}
		},
	})
}

// readSheet reads a volunteers sheet. Every bad cell is an error naming
// its row (the header is row 1) and column, returned with the rows (those
// with a bad cell marked); the columns it does not know are returned, not
// refused.
func readSheet(path, encoding string) ([]sheetVolunteer, []string, error) {
	data, err := readFileLimited(path, watch.MaxBytes)
	if err != nil {
		return nil, nil, err
	}
	text, err := decodeSheet(data, encoding)
	if err != nil {
		return nil, nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil, &watch.FieldError{Reason: "is empty: the first row names the columns"}
	}
	if err != nil {
		return nil, nil, &watch.FieldError{Reason: err.Error()}
	}
	cols := map[string]int{}
	var ignored []string
	for i, h := range header {
		h = strings.TrimSpace(h)
		c := columnByHeader(h)
		switch {
		case c == nil:
			if h != "" {
				ignored = append(ignored, h)
			}
		case cols[c.field] != 0:
			return nil, nil, cellError(1, i, h, h, "names the column "+c.field+" twice")
		default:
			cols[c.field] = i + 1
		}
	}
	for _, need := range []string{"id", "birth_date"} {
		if cols[need] == 0 {
			return nil, nil, &watch.FieldError{Path: "row 1", Reason: "has no " + need + " column (" + strings.Join(columnOf(need).headers, ", ") + ")"}
		}
	}
	var out []sheetVolunteer
	var errs []error
	for row := 2; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, &watch.FieldError{Path: fmt.Sprintf("row %d", row), Reason: err.Error()})
			break
		}
		if row > maxSheetRows+1 {
			errs = append(errs, &watch.FieldError{Reason: fmt.Sprintf("has more than %d rows", maxSheetRows)})
			break
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		cell := func(field string) (string, int, string) {
			i := cols[field] - 1
			if i < 0 || i >= len(rec) {
				return "", i, ""
			}
			return strings.TrimSpace(rec[i]), i, strings.TrimSpace(header[i])
		}
		v, cellErrs := parseRow(row, cell)
		errs = append(errs, cellErrs...)
		out = append(out, sheetVolunteer{row: row, cols: cols, header: header, v: v, bad: len(cellErrs) > 0})
	}
	return out, ignored, errors.Join(errs...)
}

// sheetVolunteer is a volunteer with the row it came from.
type sheetVolunteer struct {
	row    int
	cols   map[string]int
	header []string
	v      watch.Volunteer
	// bad marks a row with a bad cell: it is reported and left out of
	// the programme's checks.
	bad bool
}

// decodeSheet turns the bytes into text: UTF-8 (a byte-order mark
// dropped) or GB18030; auto takes UTF-8 when the bytes are valid UTF-8.
func decodeSheet(data []byte, encoding string) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	switch strings.ToLower(encoding) {
	case "auto":
		if utf8.Valid(data) {
			return string(data), nil
		}
		fallthrough
	case "gb18030", "gbk", "gb2312":
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return "", &watch.FieldError{Reason: "is neither UTF-8 nor GB18030: " + err.Error()}
		}
		return string(out), nil
	case "utf-8", "utf8":
		if !utf8.Valid(data) {
			return "", &watch.FieldError{Reason: "is not valid UTF-8 (try --encoding gb18030)"}
		}
		return string(data), nil
	}
	return "", fmt.Errorf("--encoding %q is not auto, utf-8 or gb18030", encoding)
}

func columnByHeader(h string) *sheetColumn {
	for i, c := range sheetColumns {
		for _, name := range c.headers {
			if strings.EqualFold(h, name) {
				return &sheetColumns[i]
			}
		}
	}
	return nil
}

func columnOf(field string) sheetColumn {
	for _, c := range sheetColumns {
		if c.field == field {
			return c
		}
	}
	return sheetColumn{field: field}
}

// cellError names a cell as a spreadsheet does: row 5, column C (出生日期).
func cellError(row, col int, header, value, reason string) *watch.FieldError {
	return &watch.FieldError{Path: fmt.Sprintf("row %d, column %s (%s)", row, columnLetters(col), header),
		Value: strconv.Quote(value), Reason: reason}
}

// columnLetters is the spreadsheet name of a 0-based column: A, B, ... Z, AA.
func columnLetters(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

var (
	dateSlash = regexp.MustCompile(`^(\d{4})/(\d{1,2})/(\d{1,2})$`)
	dateHan   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日$`)
)

// parseSheetDate reads 1954-06-02, 1954/6/2 or 1954年6月2日.
func parseSheetDate(s string) (watch.Date, bool) {
	for _, re := range []*regexp.Regexp{dateSlash, dateHan} {
		if m := re.FindStringSubmatch(s); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			s = fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
	}
	d, err := watch.ParseDate(s)
	return d, err == nil
}

var daysZh = map[string]string{"周一": "mon", "周二": "tue", "周三": "wed", "周四": "thu", "周五": "fri", "周六": "sat", "周日": "sun",
	"星期一": "mon", "星期二": "tue", "星期三": "wed", "星期四": "thu", "星期五": "fri", "星期六": "sat", "星期日": "sun", "周天": "sun", "星期天": "sun"}

// parseWindows reads "mon,wed 07:00-12:00; 08:00-11:00" (days may be
// 周一 … 周日, separated by , 、 or ，; no days means every day).
func parseWindows(s string) ([]watch.Window, error) {
	var out []watch.Window
	for _, part := range splitList(s) {
		days, span, ok := strings.Cut(part, " ")
		if !ok {
			days, span = "", part
		}
		from, to, ok := strings.Cut(strings.TrimSpace(span), "-")
		if !ok {
			return nil, fmt.Errorf("is not [DAYS] HH:MM-HH:MM, such as 周一、周三 07:00-12:00 (item %q)", part)
		}
		var w watch.Window
		var err error
		if w.From, err = watch.ParseClock(strings.TrimSpace(from)); err != nil {
			return nil, fmt.Errorf("has %q, which is not a clock time", from)
		}
		if w.To, err = watch.ParseClock(strings.TrimSpace(to)); err != nil {
			return nil, fmt.Errorf("has %q, which is not a clock time", to)
		}
		for _, d := range strings.FieldsFunc(days, func(r rune) bool { return r == ',' || r == '、' || r == '，' }) {
			d = strings.TrimSpace(d)
			if en, ok := daysZh[d]; ok {
				d = en
			}
			wd, err := watch.ParseWeekday(strings.ToLower(d))
			if err != nil {
				return nil, fmt.Errorf("has %q, which is not a day (mon … sun, 周一 … 周日)", d)
			}
			w.Days = append(w.Days, wd)
		}
		out = append(out, w)
	}
	return out, nil
}

// parseRanges reads "2026-12-10~2026-12-12; 2026-12-20".
func parseRanges(s string) ([]watch.DateRange, error) {
	var out []watch.DateRange
	for _, part := range splitList(s) {
		from, to, ok := strings.Cut(part, "~")
		if !ok {
			from, to, ok = strings.Cut(part, "至")
		}
		if !ok {
			to = from
		}
		f, okf := parseSheetDate(strings.TrimSpace(from))
		t, okt := parseSheetDate(strings.TrimSpace(to))
		if !okf || !okt {
			return nil, fmt.Errorf("is not DATE or DATE~DATE, such as 2026-12-10~2026-12-12 (item %q)", part)
		}
		out = append(out, watch.DateRange{From: f, To: t})
	}
	return out, nil
}

// splitList splits a cell's list on ; or ；, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseRow reads one row's cells into a volunteer.
func parseRow(row int, cell func(string) (string, int, string)) (watch.Volunteer, []error) {
	var v watch.Volunteer
	var errs []error
	bad := func(field, reason string) {
		val, col, h := cell(field)
		errs = append(errs, cellError(row, col, h, val, reason))
	}
	v.ID, _, _ = cell("id")
	if v.ID == "" {
		bad("id", "is empty")
	}
	v.Name, _, _ = cell("name")
	v.Phone, _, _ = cell("phone")
	if s, _, _ := cell("birth_date"); s == "" {
		bad("birth_date", "is empty")
	} else if d, ok := parseSheetDate(s); !ok {
		bad("birth_date", "is not a date (1954-06-02, 1954/6/2 or 1954年6月2日)")
	} else {
		v.BirthDate = d
	}
	if s, _, _ := cell("active"); s != "" {
		switch strings.ToLower(s) {
		case "是", "yes", "true", "1", "y":
			v.Active = new(true)
		case "否", "no", "false", "0", "n":
			v.Active = new(false)
		default:
			bad("active", "is not 是 or 否 (yes or no)")
		}
	}
	if s, _, _ := cell("availability"); s != "" {
		ws, err := parseWindows(s)
		if err != nil {
			bad("availability", err.Error())
		}
		v.Availability = ws
	}
	if s, _, _ := cell("unavailable"); s != "" {
		rs, err := parseRanges(s)
		if err != nil {
			bad("unavailable", err.Error())
		}
		v.Unavailable = rs
	}
	if s, _, _ := cell("max_hours_per_week"); s != "" {
		h, err := strconv.ParseFloat(s, 64)
		if err != nil || h < 0 {
			bad("max_hours_per_week", "is not a number of hours")
		}
		v.MaxHoursPerWeek = h
	}
	return v, errs
}

// withVolunteers replaces a programme's volunteers and checks the result
// as a programme file; a problem with a volunteer names its row and
// column.
func withVolunteers(pf *watch.ProgramFile, all []sheetVolunteer) ([]byte, error) {
	var vs []sheetVolunteer
	for _, sv := range all {
		if !sv.bad {
			vs = append(vs, sv)
		}
	}
	out := *pf
	out.Volunteers = make([]watch.Volunteer, len(vs))
	for i, sv := range vs {
		out.Volunteers[i] = sv.v
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	if _, err := watch.LoadProgramFile(bytes.NewReader(data)); err != nil {
		var errs []error
		for _, fe := range watch.FieldErrors(err) {
			var i int
			var field string
			if n, _ := fmt.Sscanf(fe.Path, "volunteers[%d].", &i); n == 1 && i < len(vs) {
				field = strings.TrimPrefix(fe.Path, fmt.Sprintf("volunteers[%d].", i))
				field, _, _ = strings.Cut(field, "[")
				if col := vs[i].cols[field]; col > 0 {
					fe = &watch.FieldError{Path: fmt.Sprintf("row %d, column %s (%s)", vs[i].row, columnLetters(col-1), strings.TrimSpace(vs[i].header[col-1])),
						Value: fe.Value, Reason: fe.Reason}
				} else {
					fe = &watch.FieldError{Path: fmt.Sprintf("row %d", vs[i].row), Value: fe.Value, Reason: fe.Reason}
				}
			}
			errs = append(errs, fe)
		}
		if len(errs) == 0 {
			return nil, err
		}
		return nil, errors.Join(errs...)
	}
	return append(data, '\n'), nil
}

// writeSheet writes volunteers as a sheet that readSheet reads back with
// every field: CRLF, UTF-8 with a byte-order mark unless bom is false.
func writeSheet(w *bytes.Buffer, vs []watch.Volunteer, lang string, bom bool) {
	if bom {
		w.WriteString("\ufeff")
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(sheetColumns))
	for i, c := range sheetColumns {
		header[i] = c.zh
		if lang == "en" {
			header[i] = c.en
		}
	}
	cw.Write(header)
	yes, no := "是", "否"
	if lang == "en" {
		yes, no = "yes", "no"
	}
	for _, v := range vs {
		active := ""
		if v.Active != nil {
			active = map[bool]string{true: yes, false: no}[*v.Active]
		}
		var windows, ranges []string
		for _, win := range v.Availability {
			days := make([]string, len(win.Days))
			for i, d := range win.Days {
				days[i] = d.String()
			}
			s := win.From.String() + "-" + win.To.String()
			if len(days) > 0 {
				s = strings.Join(days, ",") + " " + s
			}
			windows = append(windows, s)
		}
		for _, r := range v.Unavailable {
			s := r.From.String()
			if r.To != r.From {
				s += "~" + r.To.String()
			}
			ranges = append(ranges, s)
		}
		hours := ""
		if v.MaxHoursPerWeek != 0 {
			hours = strconv.FormatFloat(v.MaxHoursPerWeek, 'f', -1, 64)
		}
		birth := ""
		if !v.BirthDate.IsZero() {
			birth = v.BirthDate.String()
		}
		cw.Write([]string{v.ID, v.Name, birth, v.Phone, active, strings.Join(windows, "; "), strings.Join(ranges, "; "), hours})
	}
	cw.Flush()
}
