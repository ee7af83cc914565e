package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBoard(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	require.Equal(t, `【示例社区巡逻队】2026年12月8日 星期二
今天有情况
巡逻 1/1 班,值勤: 张*、李*
· 盗窃未遂(菜场),已解决
`, out.String())
}
