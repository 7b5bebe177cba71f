//! Who mentors whom in a matching round: the placement with the largest total match score.
//!
//! Placing mentees one at a time by best score (see [`greedy`]) is easy to explain but can lose a
//! lot: taking the single best pair may push two other mentees onto poor matches. [`optimal`]
//! solves the round exactly as a maximum-weight b-matching (each mentee at most once, each mentor
//! at most `capacity` times), phrased as a min-cost flow:
//!
//! ```text
//! source ──(cap 1, cost 0)──▶ mentee ──(cap 1, cost −score)──▶ mentor ──(cap capacity, cost 0)──▶ sink
//! ```
//!
//! Successive shortest paths push one mentee at a time along the cheapest augmenting path. The
//! cost of that path never decreases from one step to the next (the min cost is convex in the
//! flow), so the first path that does not lower the cost means that no larger flow is better.
//! Stopping there gives the maximum total score rather than the maximum number of placements:
//! squeezing in one more mentee can cost others more score than it adds, and an unplaced mentee
//! is easier for an admin to handle by hand than a round of worse matches.
//!
//! Dijkstra finds the paths over costs made non-negative by Johnson potentials. The residual
//! graph is kept implicit (a mentee's unchosen pairs lead forward, a mentor's chosen pairs lead
//! back), so memory stays proportional to the pairs, and a search only pays for the pairs of the
//! placed mentees it passes through (see `Solver::search` for why unplaced ones cost nothing).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One eligible pairing in a [`Problem`], or one chosen pairing in an [`Assignment`].
///
/// Indices rather than ids keep the solver independent of the database; the caller maps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pair {
    pub mentee: usize,
    pub mentor: usize,
    /// Integral (e.g. score points ×100) so that totals compare exactly and ties are real ties.
    pub score: i64,
}

/// A matching round as the solver sees it.
///
/// Pairs an admin excluded are simply left out of `pairs`. The input is taken as it comes:
/// indices out of range, zero capacities and non-positive scores are ignored rather than
/// refused, and a pair listed twice counts once, with its best score, so a slightly stale or
/// hand-edited list still yields a sensible round.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problem {
    pub mentee_count: usize,
    /// How many mentees each mentor takes; its length is the number of mentors.
    pub mentor_capacity: Vec<u32>,
    pub pairs: Vec<Pair>,
}

/// The pairs chosen for a round.
///
/// Sorted by (mentee, mentor) so that two runs on the same round compare equal and a page lists
/// them in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assignment {
    pub pairs: Vec<Pair>,
    pub total_score: i64,
}

impl Assignment {
    fn from_pairs(mut pairs: Vec<Pair>) -> Self {
        pairs.sort_unstable_by_key(|pair| (pair.mentee, pair.mentor));
        let total_score = pairs.iter().map(|pair| pair.score).sum();
        Assignment { pairs, total_score }
    }
}

/// The placement with the largest total score.
///
/// The result depends only on the usable pairs as a set (not on their order in the input), and
/// among equally good placements the same one is returned every time. Scores are assumed to be
/// far from `i64::MAX`: the potentials grow to a few times the best total.
pub fn optimal(problem: &Problem) -> Assignment {
    let pairs = usable_pairs(problem);
    let mut solver = Solver::new(problem, &pairs);
    while solver.augment_cheapest_path() {}
    Assignment::from_pairs(solver.chosen_pairs())
}

/// The obvious baseline, kept to show (and benchmark) what the optimum gains: best remaining pair
/// first, ties by mentee then mentor index, skipping mentees already placed and mentors already full.
pub fn greedy(problem: &Problem) -> Assignment {
    let mut pairs = usable_pairs(problem);
    pairs.sort_unstable_by_key(|pair| (Reverse(pair.score), pair.mentee, pair.mentor));
    let mut placed = vec![false; problem.mentee_count];
    let mut seats_left = problem.mentor_capacity.clone();
    let mut chosen = Vec::new();
    for pair in pairs {
        if placed[pair.mentee] || seats_left[pair.mentor] == 0 {
            continue;
        }
        placed[pair.mentee] = true;
        seats_left[pair.mentor] -= 1;
        chosen.push(pair);
    }
    Assignment::from_pairs(chosen)
}

/// The pairs either algorithm may choose, sorted by (mentee, mentor) with duplicates merged.
///
/// A pair that can never be chosen (unknown mentee or mentor, no seats, a score that could only
/// lower the total) is dropped here so the algorithms never have to think about it.
fn usable_pairs(problem: &Problem) -> Vec<Pair> {
    let is_usable = |pair: &Pair| {
        pair.score > 0
            && pair.mentee < problem.mentee_count
            && problem.mentor_capacity.get(pair.mentor).is_some_and(|&capacity| capacity > 0)
    };
    let mut pairs: Vec<Pair> = problem.pairs.iter().copied().filter(is_usable).collect();
    // Best score first within a (mentee, mentor) run, so that dedup keeps the best one.
    pairs.sort_unstable_by_key(|pair| (pair.mentee, pair.mentor, Reverse(pair.score)));
    pairs.dedup_by_key(|pair| (pair.mentee, pair.mentor));
    pairs
}

/// Marks a node in [`Solver::reached_by`]: not reached yet, or (for a mentee) reached straight
/// from the source because it is still unplaced.
const NONE: usize = usize::MAX;

/// State of successive shortest paths on the flow network described in the module docs.
///
/// Nodes are numbered mentees `0..n`, mentors `n..n + m`, sink `n + m`. The source is not stored:
/// its potential and distance are always 0, and an edge back into it is never on a shortest path.
/// Edges out of the sink are not needed either, because a search stops when it reaches the sink.
///
/// Unplaced mentees keep potential 0 throughout (they start at 0 and are always at distance 0),
/// which is what lets a search start from each mentor's best unplaced mentee instead of from the
/// source; see [`Self::search`].
struct Solver<'a> {
    pairs: &'a [Pair],
    mentee_count: usize,
    capacity: &'a [u32],
    /// `pairs[first_pair[i]..first_pair[i + 1]]` are mentee `i`'s pairs (the forward edges).
    first_pair: Vec<usize>,
    /// Indices into `pairs`, grouped by mentor (from `first_by_mentor`), best score first and
    /// ties by mentee, so a mentor's best unplaced mentee is the first one not yet placed.
    by_mentor: Vec<usize>,
    first_by_mentor: Vec<usize>,
    /// Where each mentor's group in `by_mentor` has its first possibly unplaced mentee. Placed
    /// mentees are never unplaced again (no path leads back into the source), so it only moves
    /// forward: over the whole solve, about one step per pair.
    best_unplaced: Vec<usize>,
    /// The pair mentee `i` is currently placed with; its flow edge is saturated.
    placed_by: Vec<Option<usize>>,
    /// The pairs currently placed with each mentor: its backward edges, and its load.
    members: Vec<Vec<usize>>,
    /// Johnson potentials: `cost + potential[from] − potential[to] ≥ 0` on every residual edge.
    potential: Vec<i64>,
    // Scratch space of one search, kept to avoid reallocating it for every path.
    distance: Vec<i64>,
    settled: Vec<bool>,
    /// For a mentee: the pair whose backward edge reached it, or [`NONE`] for the source. For a
    /// mentor: the pair whose forward edge reached it. For the sink: the mentor before it.
    reached_by: Vec<usize>,
    /// (distance, [`Self::tie_rank`], node), nearest first.
    heap: BinaryHeap<Reverse<(i64, u8, usize)>>,
}

impl<'a> Solver<'a> {
    fn new(problem: &'a Problem, pairs: &'a [Pair]) -> Self {
        let mentee_count = problem.mentee_count;
        let mentor_count = problem.mentor_capacity.len();
        let node_count = mentee_count + mentor_count + 1;
        let mut by_mentor: Vec<usize> = (0..pairs.len()).collect();
        by_mentor
            .sort_unstable_by_key(|&index| (pairs[index].mentor, Reverse(pairs[index].score), pairs[index].mentee));
        let first_by_mentor = group_offsets(pairs.iter().map(|pair| pair.mentor), mentor_count);
        Solver {
            pairs,
            mentee_count,
            capacity: &problem.mentor_capacity,
            first_pair: group_offsets(pairs.iter().map(|pair| pair.mentee), mentee_count),
            best_unplaced: first_by_mentor[..mentor_count].to_vec(),
            by_mentor,
            first_by_mentor,
            placed_by: vec![None; mentee_count],
            members: vec![Vec::new(); mentor_count],
            potential: initial_potentials(pairs, mentee_count, mentor_count),
            distance: vec![i64::MAX; node_count],
            settled: vec![false; node_count],
            reached_by: vec![NONE; node_count],
            heap: BinaryHeap::new(),
        }
    }

    fn mentor_node(&self, mentor: usize) -> usize {
        self.mentee_count + mentor
    }

    fn sink(&self) -> usize {
        self.distance.len() - 1
    }

    /// Pushes one more mentee through the cheapest augmenting path if that raises the total.
    /// Returns false when no path does, which (by convexity) means the current flow is optimal.
    fn augment_cheapest_path(&mut self) -> bool {
        if !self.search() {
            return false;
        }
        let sink = self.sink();
        self.update_potentials();
        // With the source's potential fixed at 0, the sink's potential is now the real cost of
        // the path: negative when it adds score.
        if self.potential[sink] >= 0 {
            return false;
        }
        self.apply_path();
        true
    }

    /// Dijkstra over reduced costs from the source to the sink. Returns whether the sink is
    /// reachable. It stops as soon as the sink is settled: farther nodes do not matter for this
    /// path, and [`Self::update_potentials`] keeps their potentials valid all the same.
    ///
    /// Unplaced mentees are at distance 0 from the source (cost 0, both potentials 0). Relaxing
    /// their edges one by one would visit nearly every pair in every search, yet all a mentor
    /// takes from them is the best score among them, and that changes only when the mentee
    /// holding it is placed. So the search settles them at once and seeds each mentor from
    /// [`Self::best_unplaced_pair`], which is what makes a large round fast.
    fn search(&mut self) -> bool {
        self.distance.fill(i64::MAX);
        self.settled.fill(false);
        self.reached_by.fill(NONE);
        self.heap.clear();
        for mentee in 0..self.mentee_count {
            if self.placed_by[mentee].is_none() {
                debug_assert_eq!(self.potential[mentee], 0, "an unplaced mentee moved off potential 0");
                self.distance[mentee] = 0;
                self.settled[mentee] = true;
            }
        }
        for mentor in 0..self.capacity.len() {
            if let Some(index) = self.best_unplaced_pair(mentor) {
                let to = self.mentor_node(mentor);
                self.relax(to, -self.pairs[index].score - self.potential[to], index);
            }
        }
        let sink = self.sink();
        while let Some(Reverse((distance, _, node))) = self.heap.pop() {
            if self.settled[node] {
                continue;
            }
            self.settled[node] = true;
            if node == sink {
                return true;
            }
            if node < self.mentee_count {
                self.relax_from_mentee(node, distance);
            } else {
                self.relax_from_mentor(node - self.mentee_count, distance);
            }
        }
        false
    }

    /// The best-scoring pair between `mentor` and a mentee not placed yet, if any is left.
    fn best_unplaced_pair(&mut self, mentor: usize) -> Option<usize> {
        let end = self.first_by_mentor[mentor + 1];
        let cursor = &mut self.best_unplaced[mentor];
        while *cursor < end && self.placed_by[self.pairs[self.by_mentor[*cursor]].mentee].is_some() {
            *cursor += 1;
        }
        (*cursor < end).then(|| self.by_mentor[*cursor])
    }

    /// A placed mentee can move to any of its mentors except the one it is placed with.
    fn relax_from_mentee(&mut self, mentee: usize, distance: i64) {
        // The hot loop of the solver, so the per-mentee parts are worked out once.
        let pairs = self.pairs;
        let base = distance + self.potential[mentee];
        let placed_by = self.placed_by[mentee];
        let first = self.first_pair[mentee];
        for (index, pair) in (first..).zip(&pairs[first..self.first_pair[mentee + 1]]) {
            if placed_by == Some(index) {
                continue;
            }
            let to = self.mentee_count + pair.mentor;
            self.relax(to, base - pair.score - self.potential[to], index);
        }
    }

    /// A mentor with a free seat leads to the sink. Any mentor can also make room by sending one
    /// of its mentees elsewhere, which gives that mentee's score back.
    fn relax_from_mentor(&mut self, mentor: usize, distance: i64) {
        let node = self.mentor_node(mentor);
        let from_potential = self.potential[node];
        if self.members[mentor].len() < self.capacity[mentor] as usize {
            let sink = self.sink();
            let reduced = from_potential - self.potential[sink];
            self.relax(sink, distance + reduced, mentor);
        }
        for member in 0..self.members[mentor].len() {
            let index = self.members[mentor][member];
            let pair = self.pairs[index];
            let reduced = pair.score + from_potential - self.potential[pair.mentee];
            self.relax(pair.mentee, distance + reduced, index);
        }
    }

    fn relax(&mut self, node: usize, distance: i64, via: usize) {
        // A settled node needs no check of its own: reduced costs are non-negative, so nothing
        // found later is shorter. The strict comparison keeps the first of equal paths, which
        // (with the heap's fixed order on ties) makes the result deterministic.
        if distance < self.distance[node] {
            debug_assert!(!self.settled[node], "a negative reduced cost");
            self.distance[node] = distance;
            self.reached_by[node] = via;
            self.heap.push(Reverse((distance, self.tie_rank(node), node)));
        }
    }

    /// Which of several nodes at the same distance the search settles first: the sink, since
    /// settling it ends the search; then mentors, which have few edges and may lead to it; then
    /// mentees, each of which costs a pass over its pairs. Rounds with many tied scores have
    /// many tied distances, and this order keeps their searches short.
    fn tie_rank(&self, node: usize) -> u8 {
        if node == self.sink() {
            0
        } else if node >= self.mentee_count {
            1
        } else {
            2
        }
    }

    /// Adds the new distances to the potentials, capped at the sink's distance for nodes the
    /// search did not settle. Every residual edge, including the ones the path is about to
    /// reverse, keeps a non-negative reduced cost, so the next search can run Dijkstra again.
    fn update_potentials(&mut self) {
        let sink_distance = self.distance[self.sink()];
        for (potential, &distance) in self.potential.iter_mut().zip(&self.distance) {
            *potential += distance.min(sink_distance);
        }
    }

    /// Walks the path back from the sink: each mentor on it gains the mentee that reached it, and
    /// each mentee on it (but the first, which came from the source) leaves its old mentor.
    fn apply_path(&mut self) {
        let mut mentor = self.reached_by[self.sink()];
        loop {
            let gained = self.reached_by[self.mentor_node(mentor)];
            self.members[mentor].push(gained);
            let mentee = self.pairs[gained].mentee;
            let left = self.reached_by[mentee];
            self.placed_by[mentee] = Some(gained);
            if left == NONE {
                return;
            }
            mentor = self.pairs[left].mentor;
            let members = &mut self.members[mentor];
            let position = members.iter().position(|&index| index == left).expect("a placed pair is listed");
            members.swap_remove(position);
        }
    }

    fn chosen_pairs(&self) -> Vec<Pair> {
        self.placed_by.iter().flatten().map(|&index| self.pairs[index]).collect()
    }
}

/// Where each group starts in a list sorted by group (`groups` gives each item's group), with
/// the end of the list last, so group `g` is `offsets[g]..offsets[g + 1]`.
fn group_offsets(groups: impl Iterator<Item = usize>, group_count: usize) -> Vec<usize> {
    let mut offsets = vec![0; group_count + 1];
    for group in groups {
        offsets[group + 1] += 1;
    }
    for group in 0..group_count {
        offsets[group + 1] += offsets[group];
    }
    offsets
}

/// Shortest distances from the source in the empty flow, which make valid first potentials.
///
/// Before any flow the network is a DAG with negative costs only on mentee → mentor edges, so
/// the distances are immediate: 0 for mentees, minus the best score for a mentor, and the
/// smallest of those for the sink. (A mentor without pairs gets 0; it is never reached.)
fn initial_potentials(pairs: &[Pair], mentee_count: usize, mentor_count: usize) -> Vec<i64> {
    let mut potential = vec![0; mentee_count + mentor_count + 1];
    for pair in pairs {
        let mentor = &mut potential[mentee_count + pair.mentor];
        *mentor = (*mentor).min(-pair.score);
    }
    let sink = potential.iter().copied().min().unwrap_or(0);
    *potential.last_mut().expect("the sink is a node") = sink;
    potential
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A tiny seeded PRNG (xorshift64*), so random cases are the same on every run.
    struct Rng(u64);

    impl Rng {
        fn new(seed: u64) -> Self {
            Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
        }

        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        /// Uniform enough in `low..=high` for tests.
        fn range(&mut self, low: i64, high: i64) -> i64 {
            low + (self.next() % (high - low + 1) as u64) as i64
        }

        fn chance(&mut self, percent: i64) -> bool {
            self.range(1, 100) <= percent
        }
    }

    fn pair(mentee: usize, mentor: usize, score: i64) -> Pair {
        Pair { mentee, mentor, score }
    }

    /// Best usable score of each (mentee, mentor), worked out independently of `usable_pairs`.
    fn score_table(problem: &Problem) -> Vec<Vec<Option<i64>>> {
        let mut table = vec![vec![None; problem.mentor_capacity.len()]; problem.mentee_count];
        for p in &problem.pairs {
            let in_range = p.mentee < problem.mentee_count && p.mentor < problem.mentor_capacity.len();
            if in_range && p.score > 0 && problem.mentor_capacity[p.mentor] > 0 {
                let cell: &mut Option<i64> = &mut table[p.mentee][p.mentor];
                *cell = Some(cell.map_or(p.score, |best| best.max(p.score)));
            }
        }
        table
    }

    /// Panics unless `assignment` is a placement the round allows, with an honest total.
    fn assert_feasible(problem: &Problem, assignment: &Assignment) {
        let table = score_table(problem);
        let mut placed = vec![false; problem.mentee_count];
        let mut load = vec![0u32; problem.mentor_capacity.len()];
        for p in &assignment.pairs {
            assert_eq!(table[p.mentee][p.mentor], Some(p.score), "{p:?} is not an eligible pair at its best score");
            assert!(!placed[p.mentee], "mentee {} placed twice", p.mentee);
            placed[p.mentee] = true;
            load[p.mentor] += 1;
            assert!(load[p.mentor] <= problem.mentor_capacity[p.mentor], "mentor {} over capacity", p.mentor);
        }
        assert_eq!(assignment.total_score, assignment.pairs.iter().map(|p| p.score).sum::<i64>());
        let keys: Vec<_> = assignment.pairs.iter().map(|p| (p.mentee, p.mentor)).collect();
        assert!(keys.is_sorted(), "pairs are not sorted by (mentee, mentor)");
    }

    /// The best total over every way of giving each mentee one eligible mentor or none.
    fn brute_force_best(problem: &Problem) -> i64 {
        fn best_from(mentee: usize, table: &[Vec<Option<i64>>], seats: &mut [u32]) -> i64 {
            let Some(row) = table.get(mentee) else { return 0 };
            let mut best = best_from(mentee + 1, table, seats);
            for (mentor, score) in row.iter().enumerate() {
                if let Some(score) = *score
                    && seats[mentor] > 0
                {
                    seats[mentor] -= 1;
                    best = best.max(score + best_from(mentee + 1, table, seats));
                    seats[mentor] += 1;
                }
            }
            best
        }
        best_from(0, &score_table(problem), &mut problem.mentor_capacity.clone())
    }

    /// A small clean round: capacities 0–3, a random subset of pairs eligible, scores 1–100.
    fn small_problem(rng: &mut Rng) -> Problem {
        let mentee_count = rng.range(0, 6) as usize;
        let mentor_count = rng.range(0, 4) as usize;
        let mentor_capacity = (0..mentor_count).map(|_| rng.range(0, 3) as u32).collect();
        let eligible_percent = rng.range(20, 100);
        let mut pairs = Vec::new();
        for mentee in 0..mentee_count {
            for mentor in 0..mentor_count {
                if rng.chance(eligible_percent) {
                    pairs.push(pair(mentee, mentor, rng.range(1, 100)));
                }
            }
        }
        Problem { mentee_count, mentor_capacity, pairs }
    }

    /// A small clean round spoiled the way real input gets spoiled: shuffled, with duplicates,
    /// unknown indices and non-positive scores.
    fn messy_problem(rng: &mut Rng) -> Problem {
        let mut problem = small_problem(rng);
        let extra = rng.range(0, 8);
        for _ in 0..extra {
            let mentee = rng.range(0, problem.mentee_count as i64 + 1) as usize;
            let mentor = rng.range(0, problem.mentor_capacity.len() as i64 + 1) as usize;
            problem.pairs.push(pair(mentee, mentor, rng.range(-20, 100)));
        }
        shuffle(rng, &mut problem.pairs);
        problem
    }

    fn shuffle(rng: &mut Rng, pairs: &mut [Pair]) {
        for i in (1..pairs.len()).rev() {
            pairs.swap(i, rng.range(0, i as i64) as usize);
        }
    }

    #[test]
    fn optimal_matches_brute_force_on_small_random_rounds() {
        let mut rng = Rng::new(1);
        for case in 0..300 {
            let problem = small_problem(&mut rng);
            let assignment = optimal(&problem);
            assert_feasible(&problem, &assignment);
            assert_eq!(assignment.total_score, brute_force_best(&problem), "case {case}: {problem:?}");
        }
    }

    #[test]
    fn optimal_matches_brute_force_on_messy_input() {
        let mut rng = Rng::new(2);
        for case in 0..300 {
            let problem = messy_problem(&mut rng);
            let assignment = optimal(&problem);
            assert_feasible(&problem, &assignment);
            assert_eq!(assignment.total_score, brute_force_best(&problem), "case {case}: {problem:?}");
        }
    }

    #[test]
    fn greedy_is_feasible_and_never_beats_optimal() {
        let mut rng = Rng::new(3);
        let mut greedy_lost = 0;
        for _ in 0..300 {
            let problem = messy_problem(&mut rng);
            let baseline = greedy(&problem);
            assert_feasible(&problem, &baseline);
            let best = optimal(&problem).total_score;
            assert!(baseline.total_score <= best);
            greedy_lost += usize::from(baseline.total_score < best);
        }
        // Otherwise the comparison above would prove little.
        assert!(greedy_lost > 0, "greedy was never worse, so the cases are too easy");
    }

    /// Larger than brute force can reach: the placement is optimal exactly when the residual
    /// graph (with a free-flow edge between sink and source) has no negative cycle.
    #[test]
    fn optimal_leaves_no_negative_cycle_on_medium_random_rounds() {
        let mut rng = Rng::new(4);
        for case in 0..40 {
            let mentee_count = rng.range(10, 40) as usize;
            let mentor_count = rng.range(3, 15) as usize;
            let mentor_capacity = (0..mentor_count).map(|_| rng.range(0, 4) as u32).collect();
            let mut pairs = Vec::new();
            for mentee in 0..mentee_count {
                for mentor in 0..mentor_count {
                    if rng.chance(40) {
                        pairs.push(pair(mentee, mentor, rng.range(1, 1000)));
                    }
                }
            }
            let problem = Problem { mentee_count, mentor_capacity, pairs };
            let assignment = optimal(&problem);
            assert_feasible(&problem, &assignment);
            assert!(!has_negative_cycle(&problem, &assignment), "case {case} is not optimal");
            assert!(greedy(&problem).total_score <= assignment.total_score);
        }
    }

    /// Bellman–Ford from a virtual root joined to every node, on the residual graph of the flow
    /// that `assignment` describes.
    fn has_negative_cycle(problem: &Problem, assignment: &Assignment) -> bool {
        let (n, m) = (problem.mentee_count, problem.mentor_capacity.len());
        let (source, sink) = (n + m, n + m + 1);
        let table = score_table(problem);
        let chosen: Vec<_> = assignment.pairs.iter().map(|p| (p.mentee, p.mentor)).collect();
        let mut load = vec![0u32; m];
        for p in &assignment.pairs {
            load[p.mentor] += 1;
        }
        let mut edges: Vec<(usize, usize, i64)> = vec![(sink, source, 0)];
        if !chosen.is_empty() {
            edges.push((source, sink, 0));
        }
        for (mentee, row) in table.iter().enumerate() {
            let placed = chosen.iter().any(|&(i, _)| i == mentee);
            edges.push(if placed { (mentee, source, 0) } else { (source, mentee, 0) });
            for (mentor, score) in row.iter().enumerate() {
                if let Some(score) = *score {
                    let edge = if chosen.contains(&(mentee, mentor)) {
                        (n + mentor, mentee, score)
                    } else {
                        (mentee, n + mentor, -score)
                    };
                    edges.push(edge);
                }
            }
        }
        for (mentor, (&load, &capacity)) in load.iter().zip(&problem.mentor_capacity).enumerate() {
            if load < capacity {
                edges.push((n + mentor, sink, 0));
            }
            if load > 0 {
                edges.push((sink, n + mentor, 0));
            }
        }
        let mut distance = vec![0i64; n + m + 2];
        for _ in 0..distance.len() {
            let mut changed = false;
            for &(from, to, cost) in &edges {
                if distance[from] + cost < distance[to] {
                    distance[to] = distance[from] + cost;
                    changed = true;
                }
            }
            if !changed {
                return false;
            }
        }
        true
    }

    #[test]
    fn greedy_loses_on_the_classic_two_by_two() {
        // Mentees a = 0, b = 1; mentors x = 0, y = 1, one seat each.
        let problem = Problem {
            mentee_count: 2,
            mentor_capacity: vec![1, 1],
            pairs: vec![pair(0, 0, 10), pair(0, 1, 9), pair(1, 0, 9), pair(1, 1, 1)],
        };
        let baseline = greedy(&problem);
        assert_eq!(baseline.pairs, vec![pair(0, 0, 10), pair(1, 1, 1)]);
        assert_eq!(baseline.total_score, 11);
        let best = optimal(&problem);
        assert_eq!(best.pairs, vec![pair(0, 1, 9), pair(1, 0, 9)]);
        assert_eq!(best.total_score, 18);
    }

    #[test]
    fn a_mentor_takes_no_more_than_its_capacity() {
        // Everyone prefers mentor 0, who has two seats; the third mentee goes to mentor 1.
        let problem = Problem {
            mentee_count: 3,
            mentor_capacity: vec![2, 1],
            pairs: vec![pair(0, 0, 50), pair(1, 0, 40), pair(2, 0, 30), pair(0, 1, 5), pair(1, 1, 5), pair(2, 1, 5)],
        };
        let best = optimal(&problem);
        assert_eq!(best.pairs, vec![pair(0, 0, 50), pair(1, 0, 40), pair(2, 1, 5)]);
        assert_eq!(best.total_score, 95);
    }

    #[test]
    fn a_mentee_without_eligible_pairs_stays_unplaced() {
        let problem = Problem { mentee_count: 3, mentor_capacity: vec![3], pairs: vec![pair(0, 0, 7), pair(2, 0, 8)] };
        let best = optimal(&problem);
        assert_eq!(best.pairs, vec![pair(0, 0, 7), pair(2, 0, 8)]);
        assert_eq!(greedy(&problem), best);
    }

    #[test]
    fn total_score_wins_over_placing_more_mentees() {
        // Placing both (a–y, b–x) would score 2; placing only a with x scores 10.
        let problem = Problem {
            mentee_count: 2,
            mentor_capacity: vec![1, 1],
            pairs: vec![pair(0, 0, 10), pair(0, 1, 1), pair(1, 0, 1)],
        };
        let best = optimal(&problem);
        assert_eq!(best.pairs, vec![pair(0, 0, 10)]);
        assert_eq!(best.total_score, 10);
    }

    #[test]
    fn a_duplicate_pair_keeps_its_best_score() {
        let problem = Problem {
            mentee_count: 1,
            mentor_capacity: vec![1],
            pairs: vec![pair(0, 0, 3), pair(0, 0, 12), pair(0, 0, 5)],
        };
        let expected = Assignment { pairs: vec![pair(0, 0, 12)], total_score: 12 };
        assert_eq!(optimal(&problem), expected);
        assert_eq!(greedy(&problem), expected);
    }

    #[test]
    fn an_empty_problem_has_an_empty_assignment() {
        assert_eq!(optimal(&Problem::default()), Assignment::default());
        assert_eq!(greedy(&Problem::default()), Assignment::default());
        let nobody_eligible = Problem { mentee_count: 4, mentor_capacity: vec![2, 2], pairs: vec![] };
        assert_eq!(optimal(&nobody_eligible), Assignment::default());
    }

    #[test]
    fn unusable_pairs_are_never_chosen() {
        let problem = Problem {
            mentee_count: 2,
            mentor_capacity: vec![0, 1],
            pairs: vec![
                pair(0, 0, 100), // mentor 0 has no seats
                pair(0, 1, 0),   // a zero score adds nothing
                pair(1, 1, -5),  // a negative score only lowers the total
                pair(2, 1, 100), // no mentee 2
                pair(1, 2, 100), // no mentor 2
            ],
        };
        assert_eq!(optimal(&problem), Assignment::default());
        assert_eq!(greedy(&problem), Assignment::default());
    }

    #[test]
    fn the_result_does_not_depend_on_pair_order() {
        // Every pair scores the same, so many placements tie; the same one must come back.
        let mut pairs: Vec<Pair> =
            (0..6).flat_map(|mentee| (0..4).map(move |mentor| pair(mentee, mentor, 5))).collect();
        let first = optimal(&Problem { mentee_count: 6, mentor_capacity: vec![1, 2, 1, 1], pairs: pairs.clone() });
        assert_eq!(first.total_score, 25);
        let mut rng = Rng::new(5);
        for _ in 0..20 {
            shuffle(&mut rng, &mut pairs);
            let again = optimal(&Problem { mentee_count: 6, mentor_capacity: vec![1, 2, 1, 1], pairs: pairs.clone() });
            assert_eq!(again, first);
        }
    }

    /// The size the brief sets: 1 000 mentees × 300 mentors, every pair eligible, 1–5 seats each.
    /// Run with `cargo test --release -- --ignored --nocapture`.
    #[test]
    #[ignore = "benchmark; run in release"]
    fn benchmark_full_round() {
        let mut rng = Rng::new(6);
        let (mentee_count, mentor_count) = (1_000, 300);
        let mentor_capacity: Vec<u32> = (0..mentor_count).map(|_| rng.range(1, 5) as u32).collect();
        let pairs = (0..mentee_count)
            .flat_map(|mentee| (0..mentor_count).map(move |mentor| (mentee, mentor)))
            .map(|(mentee, mentor)| pair(mentee, mentor, rng.range(1, 10_000)))
            .collect();
        let problem = Problem { mentee_count, mentor_capacity, pairs };

        let started = Instant::now();
        let best = optimal(&problem);
        let optimal_time = started.elapsed();
        let started = Instant::now();
        let baseline = greedy(&problem);
        let greedy_time = started.elapsed();

        assert_feasible(&problem, &best);
        assert!(baseline.total_score <= best.total_score);
        let seats: u32 = problem.mentor_capacity.iter().sum();
        println!(
            "{mentee_count} mentees x {mentor_count} mentors ({seats} seats): optimal {} placed, total {} in {optimal_time:?}; \
             greedy {} placed, total {} in {greedy_time:?}",
            best.pairs.len(),
            best.total_score,
            baseline.pairs.len(),
            baseline.total_score,
        );
    }
}
