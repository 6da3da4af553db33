/*
 * render_int.h: what the renderer's files share.  render.c walks the store
 * and drives a backend: text (render_text.c), the element tree
 * (render_tree.c), which writes through an emitter: XML (render_xml.c) or
 * JSON (render_json.c), or the YANG state data (render_yang.c).
 */
#ifndef FLOW_RENDER_INT_H
#define FLOW_RENDER_INT_H

#include "field.h"
#include "render.h"

#define RENDER_DEPTH	16

/* The Junos text families (notes/junos-releases.md R1.2): the product
 * page's form (A/B: no release, before 12.3), C (12.3 to 17.x), D (18.0
 * on). */
enum { RENDER_FAM_AB, RENDER_FAM_C, RENDER_FAM_D, RENDER_FAM__COUNT };
/* A release's family; NULL or unparsable: A/B. */
int		 render_family(const char *release);

struct render_state {
	const struct render_opts	*o;
	struct sink			*out;
	struct field_env		 env;
	const char			*release;	/* in our namespaces */
	int				 family;	/* RENDER_FAM_* */
	const struct store_snap		*snap;
	uint32_t			 pic;	/* the block's PIC index */
	/* text */
	int				 started, last_blank;
	int				 headed;	/* block has a header */
	int				 after_banner;	/* node banner just out */
	/* tree: a cluster's results and items */
	int				 in_results, in_item;
	const char			*outer_top;
	/* tree */
	const struct render_emit	*emit;
	const char			*top_list;	/* open list at top */
	int				 session_list;	/* list open in block */
	unsigned			 depth;
	uint8_t				 first[RENDER_DEPTH];
};

/* Which summary the output shows. */
enum { RENDER_FORM_DISPLAYED, RENDER_FORM_ACTIVE };

/* `summary` NULL: the backend has no summary view; it gets sessions.
 * `node` (may be NULL) brackets a chassis cluster node's blocks: called
 * with the node's first PIC and begin 1, then begin 0 after its last. */
struct render_backend {
	void	(*node)(struct render_state *, const struct flow_pic *,
		    int begin);
	void	(*doc_begin)(struct render_state *);
	void	(*block_begin)(struct render_state *, const struct flow_block *);
	void	(*session)(struct render_state *, const struct flow_session *);
	void	(*block_end)(struct render_state *, const struct flow_block *);
	void	(*summary)(struct render_state *, const struct flow_block *,
		    const struct flow_summary *, int form);
	void	(*doc_end)(struct render_state *);
};

extern const struct render_backend render_text_backend;
extern const struct render_backend render_tree_backend;
extern const struct render_backend render_yang_backend;

/*
 * The summary of PIC index i in one form (RENDER_FORM_*) over the sessions
 * `f` selects (NULL: all): the one recorded from a device when the PIC has
 * it in that form, else counted.  blk->count gets the total it shows.
 */
void		 render_pic_summary(const struct store_snap *, uint32_t i,
		    const struct filter *, const struct atom_table *, int form,
		    struct flow_summary *, struct flow_block *blk);

/* Element kinds, for the attributes an emitter writes on them. */
enum { EL_PLAIN, EL_BLOCK, EL_STYLED };

/*
 * An element tree, as XML or JSON.  Lists bracket runs of same-named
 * siblings (JSON arrays; nothing in XML).
 */
struct render_emit {
	void	(*doc_begin)(struct render_state *);
	void	(*doc_end)(struct render_state *);
	void	(*list_begin)(struct render_state *, const char *);
	void	(*list_end)(struct render_state *);
	void	(*open)(struct render_state *, const char *, int kind);
	void	(*close)(struct render_state *, const char *);
	void	(*leaf)(struct render_state *, int field,
		    const struct field_val *);
};

extern const struct render_emit render_xml_emit;
extern const struct render_emit render_json_emit;

/*
 * "<name>" and "</name>\n" of every field, for the XML writers (render_xml.c
 * and render_yang.c, which leaves out the newline: clen - 1).  64 bytes
 * each, so a writer copies a whole block into reserved slack.
 */
struct render_tag {
	char	open[64], close[64];
	uint8_t	olen, clen;
};
extern struct render_tag render_tags[F__COUNT];
/* Builds render_tags once; every XML writer's doc_begin calls it. */
void		 render_tags_init(void);

/* Sixty-four spaces: indentation is copied from here. */
extern const char render_spaces[65];
/* Four spaces per level of st->depth. */
void		 render_indent(struct render_state *);

/* "brief" or "extensive": the junos:style of sessions and wings. */
const char	*render_style(const struct render_state *);

#endif
