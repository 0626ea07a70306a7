/**
 * The video bench's baseline worker: reads the file it is sent once (`File.arrayBuffer()`) and
 * transfers the bytes back, which is the least a remux in a worker does.
 */
self.addEventListener('message', (event: MessageEvent<Blob>) => {
	void event.data.arrayBuffer().then((bytes) => self.postMessage(bytes, { transfer: [bytes] }));
});
