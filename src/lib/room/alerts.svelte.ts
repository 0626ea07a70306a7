export interface Alert {
	id: number;
	text: string;
}

/** User-facing errors, shown with role="alert" until dismissed. */
export class Alerts {
	#items = $state<Alert[]>([]);
	#next = 1;

	get items(): readonly Alert[] {
		return this.#items;
	}

	push(text: string): void {
		// A message already shown is not shown twice: a flood of refusals is one alert.
		if (this.#items.some((a) => a.text === text)) return;
		this.#items.push({ id: this.#next++, text });
		if (this.#items.length > 5) this.#items.shift();
	}

	dismiss(id: number): void {
		this.#items = this.#items.filter((a) => a.id !== id);
	}
}
