"""The history of the books, simulated month by month from 2007 to today."""

from bisect import bisect

from kythuat.core.text import fold

from .books import FIRST_YEAR, IN_SERVICE, WRITTEN_OFF, Books, K, days_in, serial_of
from .tree import Node


class History(Books):
    """Receipts, issues, returns, transfers, grade changes and write-offs of serial items;
    receipts and consumption of lots and bulk stock. Each month's documents are dated in
    order, so an item's last entry by date is also the last one written."""

    def pick_unit(self, holding: bool = False) -> Node | None:
        for _try in range(30):
            node = self.holders[bisect(self.cum, self.rng.random() * self.cum[-1])]
            if not holding or self.held[node.id]:
                return node
        return None

    def take(self, unit: int, count: int) -> list[int]:
        held, rng, taken = self.held[unit], self.rng, []
        for _n in range(min(count, len(held))):
            index = rng.randrange(len(held))
            held[index], held[-1] = held[-1], held[index]
            taken.append(held.pop())
        self.held_count -= len(taken)
        return taken

    def receipt(self, day: str, size: int) -> int:
        node = self.pick_unit()
        rng, year, palette = self.rng, int(day[:4]), self.serial_palette[node.id]
        movement = self.movement(K.RECEIPT, day, None, node.id)
        for _n in range(size):
            etype = palette[int(len(palette) * rng.random() ** 2)]
            grade = 1 if rng.random() < 0.8 else 2
            group = self.usage[node.id] if rng.random() < 0.85 else self.group()
            made = year - rng.randint(0, 3)
            self.items.append([etype, node.id, grade, group, IN_SERVICE, made, day])
            item = len(self.items)
            line = self.line(
                movement,
                etype,
                item,
                None,
                1,
                grade,
                None,
                group,
                serial_of(etype, made, item),
                made,
            )
            self.entry(movement, line, K.RECEIPT, day, node.id, etype, None, item, grade, group, 1)
            self.held[node.id].append(item)
        self.held_count += size
        return size

    def move(self, day: str, size: int) -> int:
        node = self.pick_unit(holding=True)
        if node is None:
            return 0
        rng, r = self.rng, self.rng.random()
        siblings = [n for n in node.parent.children if n is not node] if node.depth >= 2 else []
        if r < 0.3 or not (node.children or node.depth >= 2):
            kind, target = K.GRADE_CHANGE, node
        elif (r < 0.45 or not (siblings or node.depth >= 2)) and node.children:
            kind, target = K.ISSUE, rng.choice(node.children)
        elif (r < 0.55 or not siblings) and node.depth >= 2:
            kind, target = K.RETURN, node.parent
        else:
            kind, target = K.TRANSFER, rng.choice(siblings)
        restate = kind == K.GRADE_CHANGE
        movement = self.movement(kind, day, node.id, None if restate else target.id)
        if restate:
            chosen = rng.sample(self.held[node.id], min(size, len(self.held[node.id])))
        else:
            chosen = self.take(node.id, size)
            self.held[target.id].extend(chosen)
            self.held_count += len(chosen)
        for item in chosen:
            state = self.items[item - 1]
            etype, grade, group = state[0], state[2], state[3]
            new_grade = (grade + 1 if grade < 5 else 3) if restate else grade
            line = self.line(
                movement, etype, item, None, 1, grade, new_grade if restate else None, group
            )
            self.entry(movement, line, kind, day, node.id, etype, None, item, grade, group, -1)
            self.entry(movement, line, kind, day, target.id, etype, None, item, new_grade, group, 1)
            state[1], state[2] = target.id, new_grade
        return len(chosen)

    def write_off(self, day: str, size: int) -> int:
        node = self.pick_unit(holding=True)
        if node is None:
            return 0
        candidates = self.take(node.id, 3 * size)
        candidates.sort(key=lambda item: self.items[item - 1][2])
        keep = candidates[:-size] if len(candidates) > size else []
        chosen = candidates[len(keep) :]
        self.held[node.id].extend(keep)
        self.held_count += len(keep)
        movement = self.movement(K.WRITE_OFF, day, node.id, None)
        for item in chosen:
            state = self.items[item - 1]
            line = self.line(movement, state[0], item, None, 1, state[2], None, state[3])
            self.entry(
                movement,
                line,
                K.WRITE_OFF,
                day,
                node.id,
                state[0],
                None,
                item,
                state[2],
                state[3],
                -1,
            )
            state[4] = WRITTEN_OFF
        return len(chosen)

    def bulk_receipt(self, day: str, size: int) -> int:
        node, rng, year = self.pick_unit(), self.rng, int(day[:4])
        movement = self.movement(K.RECEIPT, day, None, node.id)
        group, keys = self.usage[node.id], self.bulk_keys.setdefault(node.id, [])
        for etype in {rng.choice(self.bulk_palette[node.id]) for _n in range(size)}:
            spec, lot, number = self.spec[etype], None, ""
            if spec.tracking == "lot":
                self.ids["lot"] += 1
                lot, number = self.ids["lot"], f"{year}-{self.ids['lot']:06d}"
                self.sinks["lot"].add(
                    (
                        lot,
                        etype,
                        number,
                        "Nhà máy Z" + str(111 + lot % 20),
                        year,
                        f"{year + 10}-12-31",
                        "normal",
                        fold(number),
                        self.stamp(day),
                        self.stamp(day),
                    )
                )
            qty = rng.randint(50, 5000) * (10 if spec.uom == "lít" else 1)
            line = self.line(movement, etype, None, lot, qty, 1, None, group, lot_number=number)
            self.entry(movement, line, K.RECEIPT, day, node.id, etype, lot, None, 1, group, qty)
            keys.append((node.id, etype, lot, 1, group))
        return 1

    def consumption(self, day: str, size: int) -> int:
        if not self.bulk_keys:
            return 0
        unit = self.rng.choice(list(self.bulk_keys))
        keys = [k for k in dict.fromkeys(self.bulk_keys[unit]) if self.balances.get(k, 0) > 0]
        self.bulk_keys[unit] = keys
        if not keys:
            del self.bulk_keys[unit]
            return 0
        movement = self.movement(K.CONSUMPTION, day, unit, None)
        for key in self.rng.sample(keys, min(size, len(keys))):
            qty = self.rng.randint(1, max(1, self.balances[key] // 3))
            line = self.line(movement, key[1], None, key[2], qty, key[3], None, key[4])
            self.entry(
                movement, line, K.CONSUMPTION, day, unit, key[1], key[2], None, key[3], key[4], -qty
            )
        return 1

    def simulate(self) -> None:
        today, rng = self.today, self.rng
        months = [
            (y, m)
            for y in range(FIRST_YEAR, today.year + 1)
            for m in range(1, 13)
            if (y, m) <= (today.year, today.month)
        ]
        items, entries = self.t.items, self.t.entries
        bulk = round(entries * 0.05)
        remaining = {"move": max(0, (entries - items - items // 20 - bulk) // 2), "wo": items // 20}
        rate = {
            "receipt": items / len(months),
            "bulk_receipt": bulk / 2 / len(months),
            "consumption": bulk / 2 / len(months),
        }
        sizes = {
            "receipt": (20, 120),
            "move": (5, 60),
            "wo": (1, 20),
            "bulk_receipt": (1, 4),
            "consumption": (1, 4),
        }
        actions = {
            "receipt": self.receipt,
            "move": self.move,
            "wo": self.write_off,
            "bulk_receipt": self.bulk_receipt,
            "consumption": self.consumption,
        }
        due = dict.fromkeys(sizes, 0.0)
        for index, (year, month) in enumerate(months):
            if month == 1 and year > FIRST_YEAR:
                self.snapshot(year - 1)
            left = len(months) - index
            exposure = left * self.held_count + rate["receipt"] * left * (left - 1) / 2
            for name in due:
                if name in remaining:
                    due[name] += remaining[name] * self.held_count / exposure if exposure else 0
                else:
                    due[name] += rate[name]
            plan = []
            for name, (low, high) in sizes.items():
                while due[name] >= 1:
                    size = min(int(due[name]), rng.randint(low, high))
                    due[name] -= size
                    plan.append((name, size))
            rng.shuffle(plan)
            last = today.day if (year, month) == (today.year, today.month) else days_in(year, month)
            for (name, size), day in zip(
                plan, sorted(rng.randint(1, last) for _ in plan), strict=True
            ):
                done = actions[name](f"{year:04d}-{month:02d}-{day:02d}", size)
                if name in remaining:
                    remaining[name] -= done
