/// What a member may do in the network: every member writes its own records;
/// coordinators also write any record and resolve conflicts.
public enum MemberRole: String, CaseIterable, Sendable, Codable {
    case member
    case coordinator
}
