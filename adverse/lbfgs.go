package adverse

import "math"

// minimize finds a minimum of a smooth convex function with L-BFGS
// (memory m) and a backtracking Armijo line search, starting from x,
// which it overwrites. fg returns the value at x and stores the gradient
// in g. It stops after maxIter iterations or when the gradient norm is
// below tol times max(1, |x|). It is deterministic.
func minimize(x []float64, fg func(x, g []float64) float64, m, maxIter int, tol float64) (f float64, iters int) {
	n := len(x)
	g := make([]float64, n)
	f = fg(x, g)
	s := make([][]float64, 0, m)
	y := make([][]float64, 0, m)
	rho := make([]float64, 0, m)
	alpha := make([]float64, m)
	d := make([]float64, n)
	xNew := make([]float64, n)
	gNew := make([]float64, n)
	for iters = 0; iters < maxIter; iters++ {
		if norm(g) <= tol*math.Max(1, norm(x)) {
			break
		}
		// two-loop recursion: d = -H g
		copy(d, g)
		for i := len(s) - 1; i >= 0; i-- {
			alpha[i] = rho[i] * dot(s[i], d)
			axpy(-alpha[i], y[i], d)
		}
		if k := len(s) - 1; k >= 0 {
			scale(dot(s[k], y[k])/dot(y[k], y[k]), d)
		} else {
			scale(1/math.Max(1, norm(g)), d)
		}
		for i := range s {
			beta := rho[i] * dot(y[i], d)
			axpy(alpha[i]-beta, s[i], d)
		}
		scale(-1, d)
		gd := dot(g, d)
		if gd >= 0 { // not a descent direction: restart from the gradient
			s, y, rho = s[:0], y[:0], rho[:0]
			copy(d, g)
			scale(-1/math.Max(1, norm(g)), d)
			gd = dot(g, d)
		}
		step := 1.0
		var fNew float64
		ok := false
		for range 40 {
			for i := range x {
				xNew[i] = x[i] + step*d[i]
			}
			fNew = fg(xNew, gNew)
			if fNew <= f+1e-4*step*gd {
				ok = true
				break
			}
			step /= 2
		}
		if !ok {
			break
		}
		var sk, yk []float64
		if len(s) == m {
			sk, yk = s[0], y[0]
			s, y, rho = append(s[:0], s[1:]...), append(y[:0], y[1:]...), append(rho[:0], rho[1:]...)
		} else {
			sk, yk = make([]float64, n), make([]float64, n)
		}
		for i := range x {
			sk[i] = xNew[i] - x[i]
			yk[i] = gNew[i] - g[i]
		}
		sy := dot(sk, yk)
		copy(x, xNew)
		copy(g, gNew)
		converged := f-fNew <= 1e-10*math.Max(1, math.Abs(f))
		f = fNew
		if sy > 1e-12 {
			s, y, rho = append(s, sk), append(y, yk), append(rho, 1/sy)
		}
		if converged {
			iters++
			break
		}
	}
	return f, iters
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func norm(a []float64) float64 { return math.Sqrt(dot(a, a)) }

func axpy(a float64, x, y []float64) {
	for i := range x {
		y[i] += a * x[i]
	}
}

func scale(a float64, x []float64) {
	for i := range x {
		x[i] *= a
	}
}
