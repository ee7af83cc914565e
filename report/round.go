package report

import (
	"math/big"
	"strconv"
)

// exact turns a float64 read from a file into the decimal it was written
// as (its shortest representation), so sums of weights such as 0.1 + 0.2
// are exact.
func exact(f float64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	return r
}

// roundTenth rounds r half away from zero to one decimal.
func roundTenth(r *big.Rat) float64 { return roundTo(r, 1) }

// roundTo rounds r half away from zero to the given number of decimals.
func roundTo(r *big.Rat, decimals int) float64 {
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(unit))
	neg := scaled.Sign() < 0
	if neg {
		scaled.Neg(scaled)
	}
	// floor(scaled + 1/2) for non-negative values.
	scaled.Add(scaled, big.NewRat(1, 2))
	q := new(big.Int).Quo(scaled.Num(), scaled.Denom())
	if neg {
		q.Neg(q)
	}
	f, _ := strconv.ParseFloat(new(big.Rat).SetFrac(q, unit).FloatString(decimals), 64)
	return f
}

// percent returns 100 x part / whole rounded half away from zero to one
// decimal; 0 when whole is 0.
func percent(part, whole *big.Rat) float64 {
	if whole.Sign() == 0 {
		return 0
	}
	r := new(big.Rat).Quo(part, whole)
	return roundTenth(r.Mul(r, big.NewRat(100, 1)))
}
