package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/armband/armband/watch"
)

// richProgram has a volunteer with every field a sheet can hold.
const richProgram = `{
 "program": {"id": "t", "name": "测试", "timezone": "Asia/Shanghai"},
 "volunteers": [
  {"id": "v1", "name": "张三", "birth_date": "1954-06-02", "phone": "13900000001"},
  {"id": "v2", "name": "欧阳小明", "birth_date": "1960-02-29", "phone": "13900000002", "active": false,
   "availability": [{"days": ["mon", "wed"], "from": "07:00", "to": "12:00"}, {"from": "18:00", "to": "21:00"}],
   "unavailable": [{"from": "2026-12-10", "to": "2026-12-12"}, {"from": "2026-12-20", "to": "2026-12-20"}],
   "max_hours_per_week": 7.5},
  {"id": "v3", "name": "Li, \"Si\"", "birth_date": "1970-01-01", "active": true}],
 "shifts": [{"id": "s", "start": "08:00", "end": "10:00", "need": 2}],
 "horizon": {"from": "2026-12-01", "to": "2026-12-31"}}`

func TestVolunteersRoundTrip(t *testing.T) {
	program := writeFile(t, "program.json", richProgram)
	want, err := watch.LoadProgramFile(strings.NewReader(richProgram))
	require.NoError(t, err)
	for _, lang := range []string{"zh", "en"} {
		code, sheet, errs := runCLI(t, "", "program", "export", "--lang", lang, program)
		require.Equal(t, 0, code, errs)
		require.True(t, strings.HasPrefix(sheet, "\ufeff"))
		for _, enc := range []string{"utf-8", "gb18030"} {
			data := sheet
			if enc == "gb18030" {
				b, err := simplifiedchinese.GB18030.NewEncoder().String(strings.TrimPrefix(sheet, "\ufeff"))
				require.NoError(t, err)
				data = b
			}
			path := writeFile(t, "volunteers.csv", data)
			code, out, errs := runCLI(t, "", "program", "import", "--volunteers", path, program)
			require.Equal(t, 0, code, "%s %s: %s", lang, enc, errs)
			got, err := watch.LoadProgramFile(strings.NewReader(out))
			require.NoError(t, err, "validate program accepts it")
			require.Equal(t, want.Volunteers, got.Volunteers, "%s %s: every field kept", lang, enc)
		}
	}
}

func TestVolunteersSheetForms(t *testing.T) {
	program := writeFile(t, "program.json", richProgram)
	sheet := "姓名,编号,出生日期,楼栋,可巡逻时段,在岗\r\n" +
		"张三,v1,1954/6/2,12幢,\"周一、周三 07:00-12:00；18:00-21:00\",是\r\n" +
		"李四,v2,1956年11月2日,3幢,,否\r\n" +
		",,,,,\r\n" +
		"王五,v3,1952-06-30,,,\r\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(sheet)
	require.NoError(t, err)
	code, out, errs := runCLI(t, "", "program", "import", "--volunteers", writeFile(t, "v.csv", gb), program)
	require.Equal(t, 0, code, errs)
	require.Contains(t, errs, "楼栋", "the column it does not use is named")
	pf, err := watch.LoadProgramFile(strings.NewReader(out))
	require.NoError(t, err)
	require.Len(t, pf.Volunteers, 3, "the empty row is skipped")
	require.Equal(t, watch.MustParseDate("1954-06-02"), pf.Volunteers[0].BirthDate)
	require.Equal(t, watch.MustParseDate("1956-11-02"), pf.Volunteers[1].BirthDate)
	require.Len(t, pf.Volunteers[0].Availability, 2)
	require.Len(t, pf.Volunteers[0].Availability[0].Days, 2)
	require.False(t, *pf.Volunteers[1].Active)
}

// TestVolunteersSheetErrors imports a sheet of broken rows, in UTF-8 and
// in GB18030, and finds every broken cell named by its row and column.
func TestVolunteersSheetErrors(t *testing.T) {
	program := writeFile(t, "program.json", richProgram)
	header := "编号,姓名,出生日期,电话,在岗,可巡逻时段,不可值勤日期,每周最多小时"
	rows := []struct{ row, want string }{
		{`,无号,1954-06-02,,,,,`, `column A (编号): "" is empty`},
		{`v02,缺生日,,,,,,`, `column C (出生日期): "" is empty`},
		{`v03,坏日期,1954-13-01,,,,,`, `column C (出生日期): "1954-13-01" is not a date`},
		{`v04,坏日期,1954/2/30,,,,,`, `column C (出生日期): "1954/2/30" is not a date`},
		{`v05,坏日期,一九五四年,,,,,`, `column C (出生日期): "一九五四年" is not a date`},
		{`v06,在岗错,1954-06-02,,也许,,,`, `column E (在岗): "也许" is not 是 or 否`},
		{`v07,时段错,1954-06-02,,,周八 07:00-12:00,,`, `column F (可巡逻时段)`},
		{`v08,时段错,1954-06-02,,,07:00,,`, `column F (可巡逻时段): "07:00"`},
		{`v09,时段错,1954-06-02,,,07:00-25:00,,`, `column F (可巡逻时段): "07:00-25:00"`},
		{`v10,日期段错,1954-06-02,,,,2026-12-40,`, `column G (不可值勤日期): "2026-12-40"`},
		{`v11,日期段错,1954-06-02,,,,2026-12-01~明天,`, `column G (不可值勤日期)`},
		{`v12,时数错,1954-06-02,,,,,很多`, `column H (每周最多小时): "很多" is not a number`},
		{`v13,时数错,1954-06-02,,,,,-3`, `column H (每周最多小时): "-3"`},
		{`v14,同窗,1954-06-02,,,07:00-07:00,,`, `column F (可巡逻时段)`},
		{`v01,重号,1954-06-02,,,,,`, `column A (编号): "v01"`},
		{`v16,倒序,1954-06-02,,,,2026-12-12~2026-12-10,`, `column G (不可值勤日期)`},
	}
	lines := []string{header, `v01,张三,1954-06-02,,,,,`}
	for _, r := range rows {
		lines = append(lines, r.row)
	}
	sheet := strings.Join(lines, "\r\n") + "\r\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(sheet)
	require.NoError(t, err)
	for enc, data := range map[string]string{"utf-8": "\ufeff" + sheet, "gb18030": gb} {
		code, _, errs := runCLI(t, "", "program", "import", "--volunteers", writeFile(t, "bad.csv", data), program)
		require.Equal(t, 2, code, enc)
		for i, r := range rows {
			require.Contains(t, errs, fmt.Sprintf("row %d, %s", i+3, r.want), "%s: row %d:\n%s", enc, i+3, errs)
		}
	}
	// A cell-level sheet is refused before the programme is checked, so
	// the cross-row checks are tested on their own.
	code, _, errs := runCLI(t, "", "program", "import", "--volunteers", writeFile(t, "x.csv", "姓名\r\n张三\r\n"), program)
	require.Equal(t, 2, code)
	require.Contains(t, errs, "row 1: has no id column")
	code, _, errs = runCLI(t, "", "program", "import", "--volunteers", writeFile(t, "x.csv", "\xff\xfe\x00"), "--encoding", "utf-8", program)
	require.Equal(t, 2, code)
	require.Contains(t, errs, "is not valid UTF-8")
}

func TestRotaExport(t *testing.T) {
	program, rotaFile := reportData+"program.json", reportData+"rota.json"
	code, out, errs := runCLI(t, "", "rota", "export", "--lang", "zh", program, rotaFile)
	require.Equal(t, 0, code, errs)
	require.True(t, strings.HasPrefix(out, "排班表 南二社区红袖标治安巡逻队"), "text is the default")
	code, out, errs = runCLI(t, "", "rota", "export", "--format", "csv", "--no-bom", "--lang", "en", "--volunteer", "v03", program, rotaFile)
	require.Equal(t, 0, code, errs)
	require.True(t, strings.HasPrefix(out, "date,weekday,shift,beat,start,end,volunteer_ids,volunteers\r\n"))
	code, _, errs = runCLI(t, "", "rota", "export", "--format", "ics", program, rotaFile)
	require.Equal(t, 2, code)
	require.Contains(t, errs, "--stamp is required")
	code, out, errs = runCLI(t, "", "rota", "export", "--format", "ics", "--stamp", "2026-12-01T00:00:00+08:00",
		"--previous", rotaFile, "--sequence", "3", "--volunteer", "v03", program, rotaFile)
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, "SEQUENCE:3\r\n")
	require.NotContains(t, out, "CANCELLED", "nothing was taken away")
	code, _, errs = runCLI(t, "", "rota", "export", "--volunteer", "nobody", program, rotaFile)
	require.Equal(t, 2, code)
	require.Contains(t, errs, `"nobody" is not a volunteer`)
}
