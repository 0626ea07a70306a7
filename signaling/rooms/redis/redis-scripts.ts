/**
 * The Lua scripts behind `RedisRoomBackend`. Each runs atomically in Redis, so a room's size
 * check and its insert, or a leave and its announcement, cannot interleave with another
 * process's. Key layout (P = the prefix; T = the room's tag, an HMAC of its room key under the
 * deployment's key secret, so that neither room ids nor public codes appear in Redis):
 *
 * - `P:room:T`: hash, peer id -> JSON `{node, session, name, fold, token, at}` (fold: the name's
 *   `foldName` key; token: the SHA-256 of the resume token; at: when it joined, for the join
 *   order). Expires unless a process with a member in it renews it.
 * - `P:gone:T`: hash, peer id -> JSON `{token, expires}`: a departed member's id, reserved for its
 *   resume token until `expires` (Redis time, ms). The key expires with its newest reservation.
 * - `P:node:<node id>`: a process's presence, with a short TTL its heartbeat renews. A member
 *   whose process has no presence key is dead: any script that meets it removes it and tells
 *   the room.
 * - channel `P:events:<node id>`: what one process must deliver to its own members, in order.
 *
 * Every script gets KEYS[1] = the room hash, KEYS[2] = its reservations, ARGV[1] = P,
 * ARGV[2] = T, ARGV[3] = how long a departed id stays reserved (ms).
 * The scripts read `P:node:*` keys they were not given: fine on one Redis server, which is what
 * this targets (not Redis Cluster).
 */

const COMMON = `
local prefix = ARGV[1]
local roomKey = ARGV[2]
local reserveMs = tonumber(ARGV[3])
local aliveCache = {}
local function alive(node)
	if aliveCache[node] == nil then
		aliveCache[node] = redis.call('EXISTS', prefix .. ':node:' .. node) == 1
	end
	return aliveCache[node]
end
local function nowMs()
	local time = redis.call('TIME')
	return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local function entries()
	local flat = redis.call('HGETALL', KEYS[1])
	local out = {}
	for i = 1, #flat, 2 do out[flat[i]] = cjson.decode(flat[i + 1]) end
	return out
end
-- Keeps a departed member's id for its resume token a while.
local function reserve(peer, token)
	if reserveMs <= 0 then return end
	redis.call('HSET', KEYS[2], peer, cjson.encode({token = token, expires = nowMs() + reserveMs}))
	redis.call('PEXPIRE', KEYS[2], reserveMs)
end
-- Publishes msg (an encoded server message) to the processes of members, once per process.
local function tell(members, msg)
	local byNode = {}
	for peer, e in pairs(members) do
		byNode[e.node] = byNode[e.node] or {}
		table.insert(byNode[e.node], peer)
	end
	for node, peers in pairs(byNode) do
		redis.call('PUBLISH', prefix .. ':events:' .. node,
			cjson.encode({t = 'event', room = roomKey, to = peers, msg = msg}))
	end
end
-- Removes members of dead processes and tells the live ones; returns the live members.
local function prune()
	local live, dead = {}, {}
	for peer, e in pairs(entries()) do
		if alive(e.node) then live[peer] = e else table.insert(dead, {peer, e.token}) end
	end
	for _, gone in ipairs(dead) do
		redis.call('HDEL', KEYS[1], gone[1])
		reserve(gone[1], gone[2])
		tell(live, cjson.encode({type = 'peer-left', id = gone[1]}))
	end
	return live
end
local function without(members, peer)
	local out = {}
	for p, e in pairs(members) do if p ~= peer then out[p] = e end end
	return out
end
local function nameTaken(members, fold)
	for _, e in pairs(members) do if e.fold == fold then return true end end
	return false
end
`;

/**
 * ARGV[4..13]: peer id, node id, session, name, token hash, create (1/0), public (1/0), room
 * size limit, room TTL in ms, the name's fold. Returns {'error', code} or {'ok', resumed (1/0),
 * id, name, ...} with the others in join order; on success publishes `joined` to the joiner's
 * own process after everything else this join caused, so that process registers the member then.
 */
export const JOIN_SCRIPT = `${COMMON}
local peer, node, session, name, token = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local live = prune()
local existing = live[peer]
local count = 0
for _ in pairs(live) do count = count + 1 end
local at
if existing then
	if existing.token ~= token then return {'error', 'id-taken'} end
else
	local raw = redis.call('HGET', KEYS[2], peer)
	local gone = raw and cjson.decode(raw)
	if gone and gone.expires > nowMs() and gone.token ~= token then return {'error', 'id-taken'} end
	if count == 0 and ARGV[10] == '1' and ARGV[9] ~= '1' then return {'error', 'no-such-room'} end
	if count >= tonumber(ARGV[11]) then return {'error', 'room-full'} end
end
local others = without(live, peer)
if nameTaken(others, ARGV[13]) then return {'error', 'name-taken'} end
if existing then
	at = existing.at
	redis.call('PUBLISH', prefix .. ':events:' .. existing.node,
		cjson.encode({t = 'replaced', room = roomKey, peer = peer, session = existing.session}))
else
	redis.call('HDEL', KEYS[2], peer)
	local time = redis.call('TIME')
	at = time[1] .. string.format('%06d', tonumber(time[2]))
end
redis.call('HSET', KEYS[1], peer,
	cjson.encode({node = node, session = session, name = name, fold = ARGV[13], token = token, at = at}))
redis.call('PEXPIRE', KEYS[1], ARGV[12])
if existing then
	if existing.name ~= name then tell(others, cjson.encode({type = 'peer-renamed', id = peer, name = name})) end
else
	tell(others, cjson.encode({type = 'peer-joined', peer = {id = peer, name = name}}))
end
redis.call('PUBLISH', prefix .. ':events:' .. node,
	cjson.encode({t = 'joined', room = roomKey, peer = peer, session = session}))
local list = {}
for p, e in pairs(others) do table.insert(list, {p, e.name, e.at}) end
-- Join times are digit strings of one length, so comparing them as strings orders them.
table.sort(list, function(a, b) return a[3] < b[3] end)
local reply = {'ok', existing and '1' or '0'}
for _, item in ipairs(list) do
	table.insert(reply, item[1])
	table.insert(reply, item[2])
end
return reply
`;

/**
 * ARGV[4..5]: peer id, session. Returns 1 when it removed that member (told the others, and
 * reserved its id for its token).
 */
export const LEAVE_SCRIPT = `${COMMON}
local raw = redis.call('HGET', KEYS[1], ARGV[4])
if not raw then return 0 end
local entry = cjson.decode(raw)
if entry.session ~= ARGV[5] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[4])
reserve(ARGV[4], entry.token)
tell(prune(), cjson.encode({type = 'peer-left', id = ARGV[4]}))
return 1
`;

/**
 * ARGV[4..7]: peer id, session, new name, its fold. Returns 1 when renamed, 2 when another
 * member's name folds the same (nothing changes), 0 when that member was not current.
 */
export const RENAME_SCRIPT = `${COMMON}
local raw = redis.call('HGET', KEYS[1], ARGV[4])
if not raw then return 0 end
local entry = cjson.decode(raw)
if entry.session ~= ARGV[5] then return 0 end
local others = without(prune(), ARGV[4])
if nameTaken(others, ARGV[7]) then return 2 end
entry.name = ARGV[6]
entry.fold = ARGV[7]
redis.call('HSET', KEYS[1], ARGV[4], cjson.encode(entry))
tell(others, cjson.encode({type = 'peer-renamed', id = ARGV[4], name = ARGV[6]}))
return 1
`;

/**
 * ARGV[4..7]: sender id, sender session, recipient id, the encoded signal message. Returns 1
 * when the recipient is a live member other than the sender, and the signal is on its way.
 */
export const SIGNAL_SCRIPT = `${COMMON}
local raw = redis.call('HGET', KEYS[1], ARGV[4])
if not raw or cjson.decode(raw).session ~= ARGV[5] or ARGV[6] == ARGV[4] then return 0 end
local target = redis.call('HGET', KEYS[1], ARGV[6])
if not target then return 0 end
local entry = cjson.decode(target)
if not alive(entry.node) then return 0 end
redis.call('PUBLISH', prefix .. ':events:' .. entry.node,
	cjson.encode({t = 'event', room = roomKey, to = {ARGV[6]}, msg = ARGV[7]}))
return 1
`;

/** ARGV[4..6]: sender id, sender session, the encoded message. Tells the others, if the sender is current. */
export const TELL_OTHERS_SCRIPT = `${COMMON}
local raw = redis.call('HGET', KEYS[1], ARGV[4])
if not raw or cjson.decode(raw).session ~= ARGV[5] then return 0 end
tell(without(prune(), ARGV[4]), ARGV[6])
return 1
`;

/** ARGV[4]: room TTL in ms. The heartbeat's work per room: drop dead members, keep the room. */
export const SWEEP_SCRIPT = `${COMMON}
prune()
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/** Whether the room has a live member. */
export const HAS_ROOM_SCRIPT = `${COMMON}
for _, e in pairs(entries()) do
	if alive(e.node) then return 1 end
end
return 0
`;

/** ARGV[4..5]: peer id, token hash. Whether a join would resume that live member. */
export const IS_RESUME_SCRIPT = `${COMMON}
local raw = redis.call('HGET', KEYS[1], ARGV[4])
if not raw then return 0 end
local entry = cjson.decode(raw)
if entry.token == ARGV[5] and alive(entry.node) then return 1 end
return 0
`;
