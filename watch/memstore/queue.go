package memstore

import (
	"container/heap"
	"time"
)

// queue is a programme's pending deliveries, a min-heap by (due, key). A
// delivery that stops being pending keeps its entry until the entry
// reaches the top, where it is dropped (as is a second entry of a
// delivery made pending again), so adding and finishing a delivery cost
// O(log n) whatever the outbox holds.
type queue []dueKey

func (q queue) Len() int           { return len(q) }
func (q queue) Less(i, j int) bool { return compareDue(q[i], q[j]) < 0 }
func (q queue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }

// Push implements heap.Interface.
func (q *queue) Push(x any) { *q = append(*q, x.(dueKey)) }

// Pop implements heap.Interface.
func (q *queue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// add queues a pending delivery. The caller holds the write lock.
func (s *Store) add(program string, dk dueKey) {
	q := s.pending[program]
	if q == nil {
		q = &queue{}
		s.pending[program] = q
	}
	heap.Push(q, dk)
}

// walk visits the programme's pending deliveries due at or before t, in
// order of (due, key), until visit returns false. It takes them off the
// heap and puts them back: O(k log n) for the k it visits. The caller
// holds the write lock.
func (s *Store) walk(program string, t time.Time, visit func(dk dueKey) bool) {
	q := s.pending[program]
	if q == nil {
		return
	}
	var back []dueKey
	seen := map[string]bool{}
	for q.Len() > 0 && !(*q)[0].at.After(t) {
		dk := heap.Pop(q).(dueKey)
		if d, ok := s.outbox[dk.key]; !ok || d.Final() || seen[dk.key] {
			continue // finished since it was queued, or queued twice: dropped for good
		}
		seen[dk.key] = true
		back = append(back, dk)
		if !visit(dk) {
			break
		}
	}
	for _, dk := range back {
		heap.Push(q, dk)
	}
}
